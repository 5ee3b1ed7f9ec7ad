// Plain words (issue 13, item 7) in Chromium against the demo organisation:
// a meeting series reads "every 2 weeks, 8 times" and its times are words
// in the reader's zone (never FREQ=... or RFC 3339), the form's hint names
// the zone by its city, the history says how the relationship was made
// (never "manual"), the mentor's list says "Your mentee" under the mentee's
// name, and a refused action's page is not headed "Conflict". axe-core finds
// nothing on these pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, login, start } from './harness.js';
import { axeViolations } from './a11y.js';

let env;

before(async () => {
  env = await start({ demo: true });
});

after(async () => {
  if (env)
    await env.close();
});

const RAW_TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d/;

test('a series, its times, the history and the list read as words', async () => {
  const page = await env.newPage();
  await login(page, env.base, DEMO.mentor);
  await page.goto(`${env.base}/relationships`);
  const list = await page.locator('table').first().innerText();
  assert.match(list, /Your mentee/);
  assert.doesNotMatch(list, /You mentor/);

  await page.goto(`${env.base}/relationships/1/meetings`);
  assert.doesNotMatch(await page.locator('#f-starts_local-hint').innerText(), /\//, 'the zone by its city');
  const d = new Date(Date.now() + 10 * 86400e3);
  const local = `${d.toISOString().slice(0, 10)}T10:00`;
  await page.getByLabel('Another date and time (below)').check();
  await page.getByLabel('Another date and time', { exact: true }).fill(local);
  await page.getByLabel('Repeat').selectOption('biweekly');
  await page.getByLabel('Number of meetings').fill('8');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Propose the meeting' }).click()]);
  const text = await page.locator('body').innerText();
  assert.match(text, /every 2 weeks, 8 times/);
  assert.doesNotMatch(text, /Europe\/|America\//, 'zones by their city');
  assert.doesNotMatch(text, /FREQ=/);
  assert.doesNotMatch(text, RAW_TIME);
  assert.deepEqual(await axeViolations(page), []);

  await page.goto(`${env.base}/relationships/1/history`);
  const history = await page.locator('table').innerText();
  assert.doesNotMatch(history, /\bmanual\b|\bmatch\b|\brequest\b/);
  assert.doesNotMatch(history, RAW_TIME);
  assert.deepEqual(await axeViolations(page), []);
});

test('a refused action is not headed "Conflict"', async () => {
  const page = await env.newPage();
  await login(page, env.base, DEMO.manager);
  await page.goto(`${env.base}/relationships/1/step-in`);
  await page.getByLabel('Reason').fill('Both agreed to stop.');
  await page.getByRole('button', { name: 'End the relationship' }).click();
  await page.getByText('The relationship has ended').waitFor();
  // Ending it again from a page opened before: refused in words.
  const r = await page.request.post(`${env.base}/relationships/1/step-in/end`, {
    form: { reason: 'again', _csrf: await page.locator('input[name="_csrf"]').first().inputValue() },
  });
  const body = await r.text();
  assert.equal(r.status(), 409);
  assert.doesNotMatch(body, /<h1[^>]*>\s*Conflict/);
  assert.match(body, /already ended/);
});
