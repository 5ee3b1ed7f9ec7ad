// The program manager's workspace in Chromium against the demo organisation
// (mentord demo): program health in reach (the dashboard's summary, "Health"
// in the program's navigation, what needs action before the charts, new
// pairs "not started" rather than scored 100, a printable report and a CSV
// instead of raw JSON) and the inbox (a count in the header, items that
// link to where they are done and leave once done). No script on any page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO, login, start } from './harness.js';

let env;
const cspErrors = [];

async function api(page, method, path, data) {
  const me = await page.request.get(`${env.base}/api/v1/me`);
  const csrf = (await me.json()).csrf_token;
  const r = await page.request.fetch(`${env.base}${path}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
  const body = await r.json().catch(() => null);
  if (r.status() >= 400)
    throw new Error(`${method} ${path}: ${r.status()} ${JSON.stringify(body)}`);
  return body;
}

before(async () => {
  env = await start({ demo: true });
  env.context.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text()))
      cspErrors.push(msg.text());
  });
});

after(async () => {
  if (env)
    await env.close();
});

test('published pairs that have not met are "not started", and health is one click away', async () => {
  const page = await env.newPage();
  await login(page, env.base, DEMO.manager);
  const run = await api(page, 'POST', '/api/v1/programs/1/match-runs', { algorithm: 'optimal' });
  await api(page, 'POST', `/api/v1/match-runs/${run.id}/publish`);
  const health = await api(page, 'GET', '/api/v1/programs/1/health?limit=200');
  assert.ok(health.summary.not_started >= run.pairs, `${health.summary.not_started} not started of ${run.pairs} new pairs`);
  assert.equal(health.items.filter((i) => i.state === 'not_started' && i.score !== null).length, 0, 'no score before meeting');

  await page.goto(`${env.base}/`);
  const card = page.getByRole('region', { name: 'Program health' });
  assert.match(await card.innerText(), /not started yet/);
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /: health$/ }).click()]);
  assert.equal(new URL(page.url()).pathname, '/programs/1/dashboard');
  // What needs action comes before the charts.
  const order = await page.evaluate(() => {
    const needs = document.getElementById('needs-title');
    const chart = document.querySelector('svg');
    return needs.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING;
  });
  assert.ok(order, 'the needs come first');
  assert.match(await page.getByRole('region', { name: 'Needs your attention' }).innerText(), /not started: the pair has not met yet/);

  // From the program's own page, "Health" is in its navigation.
  await page.goto(`${env.base}/programs/1`);
  const nav = page.getByRole('navigation', { name: 'Program' });
  await Promise.all([page.waitForNavigation(), nav.getByRole('link', { name: 'Health' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/programs/1/dashboard');
  const csv = page.getByRole('link', { name: 'Download the report (CSV)' });
  assert.match(await csv.getAttribute('href'), /report\.csv$/);
  assert.equal(await page.getByRole('link', { name: /JSON/ }).count(), 0, 'no raw JSON link');
  await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Printable report' }).click()]);
  assert.match(await page.title(), /^Report/);
  assert.match(await page.getByRole('table', { name: /Every relationship/ }).innerText(), /Not started/);
  const r = await page.request.get(`${env.base}/api/v1/programs/1/report.csv`);
  assert.match(r.headers()['content-type'], /text\/csv/);
  assert.match((await r.text()).split('\n')[0], /,state,score,/);
});

test('the inbox counts what waits, links to it, and forgets it once done', async () => {
  const mentor = await env.newPage();
  await login(mentor, env.base, DEMO.mentor);
  const rels = await api(mentor, 'GET', '/api/v1/relationships');
  const rel = rels.items.find((x) => x.mentee.name && x.phase !== 'completed');
  await api(mentor, 'POST', `/api/v1/relationships/${rel.id}/messages`, { body: 'Shall we meet on Tuesday?' });

  const mentee = await env.newPage();
  await login(mentee, env.base, DEMO.mentee);
  const before = (await api(mentee, 'GET', '/api/v1/me/inbox')).count;
  assert.ok(before >= 1);
  const header = mentee.getByRole('link', { name: /^Inbox/ });
  assert.match(await header.innerText(), new RegExp(`${before}`));
  await Promise.all([mentee.waitForNavigation(), header.click()]);
  const item = mentee.getByRole('link', { name: /new messages? from/ });
  await Promise.all([mentee.waitForNavigation(), item.click()]);
  assert.match(new URL(mentee.url()).pathname, /\/relationships\/\d+\/messages$/);
  const after = (await api(mentee, 'GET', '/api/v1/me/inbox'));
  assert.equal(after.count, before - 1, 'reading the thread takes it out of the inbox');
  assert.equal(after.items.filter((i) => i.kind === 'messages').length, 0);
  // The dashboard leads with the same list.
  await mentee.goto(`${env.base}/`);
  assert.ok(await mentee.getByRole('heading', { name: /^Waiting for you/ }).isVisible());
});

test('no page broke the Content-Security-Policy', () => {
  assert.deepEqual(cspErrors, []);
});
