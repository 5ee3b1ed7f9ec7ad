// Stepping in (issue 13, item 4) in Chromium against the demo organisation:
// the program manager opens the demo relationship's "Program managers" page,
// writes to the pair and adds a note; the mentee reads the message (never
// the note) and replies; the manager then gives the mentee another mentor
// from the recommendations (the old relationship ended with the reason) and
// ends the new one with a reason. Every page has no axe-core violation and,
// at 390 px, no sideways scrolling; an empty reason is refused next to its
// field.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, login, start } from './harness.js';
import { axeViolations, phoneProblems } from './a11y.js';

let env;
let relHref;

async function checkPage(page, what) {
  assert.deepEqual(await axeViolations(page), [], `${what}: axe`);
  await page.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await phoneProblems(page), [], `${what}: at 390 px`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

before(async () => {
  env = await start({ demo: true });
});

after(async () => {
  if (env)
    await env.close();
});

test('the manager writes to the pair and keeps a note of their own', async () => {
  const page = await env.newPage();
  await login(page, env.base, DEMO.manager);
  await page.goto(`${env.base}/programs/1/relationships`);
  const first = page.locator('table a[href^="/relationships/"]').first();
  relHref = await first.getAttribute('href');
  await page.goto(`${env.base}${relHref}`);
  await page.getByRole('link', { name: 'Program managers', exact: true }).click();
  await page.getByRole('heading', { name: 'How it is going' }).waitFor();
  await checkPage(page, 'step-in, manager');

  await page.getByLabel('Message to the pair').fill('How is it going? Tell me if something gets in the way.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Your message has been sent').waitFor();
  await page.getByLabel('Note', { exact: true }).fill('Mentor travels a lot this quarter.');
  await page.getByRole('button', { name: 'Add the note' }).click();
  await page.getByText('Your note has been added').waitFor();
  assert.ok(await page.getByText('Mentor travels a lot this quarter.').isVisible());

  // An empty reason: the problem next to its field, nothing ended.
  await page.getByRole('button', { name: 'End the relationship' }).click();
  await page.locator('#f-end-reason-error').waitFor();
  assert.match(await page.locator('.error-summary').innerText(), /Reason/);
  await checkPage(page, 'step-in with an error');
});

test('the mentee reads the message, not the note, and replies', async () => {
  const page = await env.newPage();
  await login(page, env.base, DEMO.mentee);
  await page.goto(`${env.base}${relHref}/step-in`);
  await page.getByRole('heading', { name: 'Conversation with your program managers' }).waitFor();
  assert.ok(await page.getByText('Tell me if something gets in the way.').isVisible());
  assert.equal(await page.getByText('Mentor travels a lot').count(), 0, 'notes are the managers\' own');
  assert.equal(await page.getByRole('heading', { name: 'Managers\' notes' }).count(), 0);
  await page.getByLabel('Your message').fill('Thanks, we are fine.');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Thanks, we are fine.').waitFor();
  await checkPage(page, 'step-in, mentee');
});

test('the manager rematches the mentee, then ends the new relationship', async () => {
  const page = await env.newPage();
  await login(page, env.base, DEMO.manager);
  await page.goto(`${env.base}${relHref}/step-in`);
  assert.ok(await page.getByText('Thanks, we are fine.').isVisible(), 'the reply is in the conversation');
  const options = page.locator('input[name="mentor_id"]');
  assert.ok(await options.count() > 0, 'recommendations are shown');
  await options.first().check();
  await page.getByLabel('Why the current relationship ends').fill('A mentor closer to her goals is free now.');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: /^Pair .* with this mentor$/ }).click()]);
  const newHref = new URL(page.url()).pathname;
  assert.notEqual(newHref, relHref);
  await page.goto(`${env.base}${relHref}/step-in`);
  assert.ok(await page.getByText('A mentor closer to her goals is free now.').isVisible(), 'why it ended');
  assert.equal(await page.getByRole('button', { name: 'End the relationship' }).count(), 0);

  await page.goto(`${env.base}${newHref}/step-in`);
  await page.getByLabel('Reason').fill('The mentee has changed teams.');
  await page.getByRole('button', { name: 'End the relationship' }).click();
  await page.getByText('The relationship has ended').waitFor();
  await checkPage(page, 'step-in, ended');
});
