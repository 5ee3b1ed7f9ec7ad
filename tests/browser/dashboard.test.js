// Browser test of the program health dashboard in Chromium against a real
// server: a program with two relationships, one of which the mentor runs on
// his own schedule (meetings outside the mentee's availability), is set up
// through the API; the program's manager then opens the dashboard. The
// at-risk relationship comes first with its flag in words, every chart is an
// SVG image named by its title and description with a data table beside it,
// nothing breaks the Content-Security-Policy (no script, no inline style),
// and the mentee is refused the page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, login, start } from './harness.js';

let env;
let programId;
const cspErrors = [];
const MENTOR = { email: 'dana.mentor@example.com', name: 'Dana Mentor', password: 'mentor-password-1' };
const MENTEE = { email: 'eli.mentee@example.com', name: 'Eli Mentee', password: 'mentee-password-1' };
const CALM = { email: 'cam.mentor@example.com', name: 'Cam Mentor', password: 'mentor-password-2' };
const MENTEE2 = { email: 'fay.mentee@example.com', name: 'Fay Mentee', password: 'mentee-password-2' };

// Calls the API with the page's session cookie and its CSRF token.
async function api(page, method, path, data) {
  const me = await page.request.get(`${env.base}/api/v1/me`);
  assert.equal(me.status(), 200, await me.text());
  const { csrf_token: csrf } = await me.json();
  const r = await page.request.fetch(`${env.base}${path}`, {
    method,
    headers: { 'X-CSRF-Token': csrf || '', 'Content-Type': 'application/json' },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  const body = await r.text();
  assert.ok(r.status() < 300, `${method} ${path}: ${r.status()} ${body}`);
  return body ? JSON.parse(body) : null;
}

before(async () => {
  env = await start();
  env.context.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text()))
      cspErrors.push(msg.text());
  });
  let page = await env.newPage();
  await login(page, env.base, ADMIN);
  const ids = {};
  for (const u of [MENTOR, MENTEE, CALM, MENTEE2])
    ids[u.email] = (await api(page, 'POST', '/api/v1/users', { ...u, role: 'member' })).id;
  const prog = await api(page, 'POST', '/api/v1/programs', {
    name: 'Dashboard cohort', starts_on: '2026-01-01', ends_on: '2027-12-31', cadence_days: 14,
  });
  programId = prog.id;
  for (const [u, role] of [[MENTOR, 'mentor'], [CALM, 'mentor'], [MENTEE, 'mentee'], [MENTEE2, 'mentee']])
    await api(page, 'POST', `/api/v1/programs/${programId}/participants`, { user_id: ids[u.email], role });
  const rel = await api(page, 'POST', '/api/v1/relationships',
    { program_id: programId, mentor_id: ids[MENTOR.email], mentee_id: ids[MENTEE.email] });
  await api(page, 'POST', '/api/v1/relationships',
    { program_id: programId, mentor_id: ids[CALM.email], mentee_id: ids[MENTEE2.email] });

  // The mentor books four meetings; the mentee has set no availability, so
  // every one lies outside it.
  page = await env.newPage();
  await login(page, env.base, MENTOR);
  for (let i = 1; i <= 4; i++)
    await api(page, 'POST', `/api/v1/relationships/${rel.id}/meetings`,
      { starts_at: `2030-01-0${i}T10:00:00Z`, kind: 'kickoff', duration_min: 60 });
});

after(async () => {
  if (env)
    await env.close();
});

test('the manager sees the dashboard with the at-risk relationship first', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN);
  const r = await page.goto(`${env.base}/programs/${programId}/dashboard`);
  assert.equal(r.status(), 200);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Program health' }).waitFor());
  const risk = page.getByRole('table', { name: /Relationships at risk/ });
  assert.equal(await risk.count(), 1);
  const rows = risk.locator('tbody tr');
  assert.equal(await rows.count(), 1, 'only the pair with the imposed schedule is at risk');
  const row = await rows.first().innerText();
  assert.match(row, /Dana Mentor and Eli Mentee/);
  assert.match(row, /Schedule imposed on the mentee/);
  assert.match(row, /4 meetings were set outside the mentee's availability/);
  assert.ok(await page.getByRole('link', { name: 'Download the report (CSV)' }).isVisible());
});

test('every chart is an image named by its title and description, with a data table', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN);
  await page.goto(`${env.base}/programs/${programId}/dashboard`);
  const images = page.getByRole('img');
  const n = await images.count();
  assert.equal(n, 9, 'nine charts');
  const phases = page.getByRole('img', { name: /^Relationships by phase/ });
  assert.equal(await phases.count(), 1, 'the SVG is named by its <title> and <desc>');
  const charts = await page.evaluate(() => [...document.querySelectorAll('svg')].map((svg) => {
    const ids = (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
    const section = svg.closest('section');
    return {
      role: svg.getAttribute('role'),
      named: ids.length === 2 && ids.every((id) => document.getElementById(id)?.textContent.trim()),
      title: svg.querySelector('title')?.textContent,
      desc: svg.querySelector('desc')?.textContent,
      table: section?.querySelector('table caption')?.textContent,
      rows: section?.querySelectorAll('table tbody tr').length,
      bars: svg.querySelectorAll('rect').length,
    };
  }));
  for (const c of charts) {
    assert.equal(c.role, 'img');
    assert.ok(c.named, `${c.title}: aria-labelledby points at its title and description`);
    assert.ok(c.desc && c.desc.length > 10, `${c.title} has a description`);
    assert.match(c.table, new RegExp(`^${c.title}`), 'a data table beside the chart');
    assert.equal(c.rows, c.bars, `${c.title}: one table row per bar`);
  }
  const phaseTable = await page.getByRole('table', { name: /Relationships by phase/ }).innerText();
  assert.match(phaseTable, /Getting to know\s+2/);
});

test('no script, no inline style, nothing refused by the CSP', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN);
  const r = await page.goto(`${env.base}/programs/${programId}/dashboard`);
  assert.match(r.headers()['content-security-policy'], /default-src 'none'/);
  const counts = await page.evaluate(() => ({
    scripts: document.querySelectorAll('script').length,
    styled: document.querySelectorAll('[style]').length,
  }));
  assert.deepEqual(counts, { scripts: 0, styled: 0 });
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /system-ui/, 'the stylesheet is applied');
  assert.deepEqual(cspErrors, []);
});

test('a mentee cannot open the dashboard', async () => {
  const page = await env.newPage();
  await login(page, env.base, MENTEE);
  const r = await page.goto(`${env.base}/programs/${programId}/dashboard`);
  assert.equal(r.status(), 403);
  assert.equal(await page.getByRole('img').count(), 0);
});

test('the manager changes a threshold on the dashboard; a bad value is refused', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN);
  await page.goto(`${env.base}/programs/${programId}/dashboard`);
  await page.getByLabel('At risk below (score)').fill('90');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save the thresholds' }).click()]);
  assert.match(await page.getByRole('status').first().innerText(), /saved/);
  assert.equal(await page.getByLabel('At risk below (score)').inputValue(), '90');
  const s = await (await page.request.get(`${env.base}/api/v1/programs/${programId}/health-settings`)).json();
  assert.equal(s.at_risk_below, 90);
  await page.getByLabel('At risk below (score)').fill('lots');
  const [resp] = await Promise.all([page.waitForNavigation(),
    page.getByRole('button', { name: 'Save the thresholds' }).click()]);
  assert.equal(resp.status(), 422);
  assert.match(await page.getByRole('alert').innerText(), /At risk below: must be a whole number/);
  assert.equal(await page.getByLabel('At risk below (score)').inputValue(), 'lots', 'what was typed is kept');
});
