// Match review at scale (issue 13, item 3) in Chromium against the demo
// organisation: the program manager runs matching from the Matching page
// ("best overall fit") and lands on the run's review: the summary comes
// first (pairs, mentees without a mentor and why, the average fit in words
// and points, mentors used, places left), then the mentees without a mentor
// with what would help each, then the pairs a page at a time; the filters
// narrow the list; a mentee's page shows the mentors who fit them best; the
// publish step says what will happen and warns about those left without a
// mentor before anything is sent. axe-core finds nothing and no page
// scrolls sideways at 390 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, login, start } from './harness.js';
import { axeViolations, phoneProblems } from './a11y.js';

let env;

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

test('a run is reviewed from its summary, filtered, paged and published with a warning', async () => {
  const page = await env.newPage();
  await login(page, env.base, DEMO.manager);
  await page.goto(`${env.base}/programs/1/matching`);
  await page.getByLabel('How to pair people').selectOption('optimal');
  assert.match(await page.getByLabel('How to pair people').innerText(), /Best overall fit/);
  assert.match(await page.getByLabel('How to pair people').innerText(), /Nobody would rather swap/);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Run matching' }).click()]);
  const runUrl = new URL(page.url()).pathname;
  assert.match(runUrl, /\/matching\/runs\/\d+$/);

  // The summary comes first, then the unmatched, then the pairs.
  const order = await page.locator('h2').allInnerTexts();
  const at = (t) => order.findIndex((h) => h.startsWith(t));
  assert.ok(at('Summary') >= 0, order.join(' | '));
  assert.ok(at('Summary') < at('Mentees without a mentor'), order.join(' | '));
  assert.ok(at('Mentees without a mentor') < at('Pairs and why'), order.join(' | '));
  const summary = await page.locator('section[aria-labelledby="summary-title"]').innerText();
  assert.match(summary, /pairs?/i);
  assert.match(summary, /points/);
  assert.doesNotMatch(await page.locator('main, body').first().innerText(), /\boptimal\b|total score/i,
    'no engine words on the page');
  const pairs = page.locator('section[aria-labelledby="pairs-title"] ol > li');
  assert.ok(await pairs.count() <= 25, 'one page of pairs at a time');
  await checkPage(page, 'run review');

  // Only the mentees without a mentor.
  await page.getByLabel('Show').selectOption('unmatched');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Show' }).click()]);
  assert.match(page.url(), /show=unmatched/);
  assert.equal(await page.getByRole('heading', { name: 'Pairs and why' }).count(), 0);
  await checkPage(page, 'run review, unmatched only');

  // A pair's mentee: the mentors who fit them best.
  await page.goto(`${env.base}${runUrl}`);
  await page.locator('section[aria-labelledby="pairs-title"] ol > li a').first().click();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await checkPage(page, 'mentee in a run');

  // Publish: first what will happen, then the warning, then the button.
  await page.goto(`${env.base}${runUrl}`);
  await page.getByRole('link', { name: 'Publish this run…' }).click();
  const what = await page.locator('section[aria-labelledby="what-title"]').innerText();
  assert.match(what, /will be created/);
  assert.match(what, /email/);
  await checkPage(page, 'publish confirmation');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Publish and send the emails' }).click()]);
  await page.getByText('The run has been published').waitFor();
});
