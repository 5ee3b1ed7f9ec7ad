// Browser test of the settings page in Chromium against a real server: a
// member chooses which notifications they get and the daily digest, saves,
// and sees the choice kept after a reload; creates a personal calendar feed,
// whose address is shown once and serves iCalendar; switches it off, after
// which the old address answers 404. All without JavaScript on the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { MEMBER, login, start } from './harness.js';

let env;

before(async () => {
  env = await start();
});

after(async () => {
  if (env)
    await env.close();
});

test('notification choices are saved and kept', async () => {
  const page = await env.newPage();
  await login(page, env.base, MEMBER);
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.waitForURL(/\/settings$/);
  const messages = page.getByLabel('New messages from your mentor or mentee');
  assert.equal(await messages.isChecked(), true);
  await messages.uncheck();
  await page.getByLabel('In one daily digest').check();
  await page.getByLabel('Digest time (your time zone)').selectOption('7');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save' }).click()]);
  assert.match(await page.getByRole('status').first().innerText(), /saved/);
  await page.reload();
  assert.equal(await page.getByLabel('New messages from your mentor or mentee').isChecked(), false);
  assert.equal(await page.getByLabel('In one daily digest').isChecked(), true);
  assert.equal(await page.getByLabel('Digest time (your time zone)').inputValue(), '7');
  const api = await page.request.get(`${env.base}/api/v1/me/notifications`);
  const s = await api.json();
  assert.equal(s.messages, false);
  assert.equal(s.mode, 'digest');
  assert.equal(s.digest_hour, 7);
});

test('the calendar feed is created, served and switched off', async () => {
  const page = await env.newPage();
  await login(page, env.base, MEMBER, '/settings');
  await Promise.all([page.waitForNavigation(),
    page.getByRole('button', { name: 'Create a new feed address' }).click()]);
  const url = (await page.locator('code').innerText()).trim();
  assert.match(url, /\/calendar\/\d+-\d+-\d+\.ics$/);
  const path = url.replace(/^https?:\/\/[^/]+/, '');
  const feed = await page.request.get(`${env.base}${path}`);
  assert.equal(feed.status(), 200);
  assert.match(feed.headers()['content-type'], /text\/calendar/);
  assert.match(await feed.text(), /BEGIN:VCALENDAR/);
  await Promise.all([page.waitForNavigation(),
    page.getByRole('button', { name: 'Switch the feed off' }).click()]);
  assert.match(await page.getByRole('status').first().innerText(), /switched off/);
  assert.equal((await page.request.get(`${env.base}${path}`)).status(), 404);
});
