// Outcomes in Chromium against a real server (issue 14, items 4 and 6):
// the mentee reaches the skill self-assessment from the relationship's
// overview, rates the skills of their profile for the start through the
// form and sees them in the table, the mentor rates the mentee on the same
// skills; the pair exchange messages, and the program's manager finds the
// "Who answers and how fast" chart and the hours of mentoring on the
// dashboard, changes the slow-replies threshold through its form (a wrong
// value is refused and nothing saved), and reads the hours and the reply
// medians on the report page. The manager cannot open the ratings. No page
// breaks the Content-Security-Policy.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, login, start } from './harness.js';

let env;
const ids = {};
const cspErrors = [];
const PW = 'outcomes-password-1';
const MENTOR = { email: 'oli.mentor@example.com', name: 'Oli Mentor', password: PW };
const MENTEE = { email: 'pia.mentee@example.com', name: 'Pia Mentee', password: PW };

// Calls the API with the page's session cookie and its CSRF token.
async function api(page, method, path, data) {
  const me = await page.request.get(`${env.base}/api/v1/me`);
  const { csrf_token: csrf } = await me.json();
  const r = await page.request.fetch(`${env.base}${path}`, {
    method, headers: { 'X-CSRF-Token': csrf || '', 'Content-Type': 'application/json' },
    data: data === undefined ? undefined : JSON.stringify(data),
  });
  const body = await r.text();
  assert.ok(r.status() < 300, `${method} ${path}: ${r.status()} ${body}`);
  return body ? JSON.parse(body) : null;
}

async function submit(page, name) {
  const [resp] = await Promise.all([page.waitForNavigation(),
    page.getByRole('button', { name, exact: true }).click()]);
  return resp;
}

before(async () => {
  env = await start();
  env.context.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text()))
      cspErrors.push(msg.text());
  });
  const page = await env.newPage();
  await login(page, env.base, ADMIN);
  for (const u of [MENTOR, MENTEE])
    ids[u.email] = (await api(page, 'POST', '/api/v1/users', { ...u, role: 'member' })).id;
  ids.program = (await api(page, 'POST', '/api/v1/programs', {
    name: 'Outcomes cohort', starts_on: '2026-01-01', ends_on: '2027-12-31', cadence_days: 14,
  })).id;
  for (const [u, role] of [[MENTOR, 'mentor'], [MENTEE, 'mentee']])
    await api(page, 'POST', `/api/v1/programs/${ids.program}/participants`, { user_id: ids[u.email], role });
  ids.rel = (await api(page, 'POST', '/api/v1/relationships',
    { program_id: ids.program, mentor_id: ids[MENTOR.email], mentee_id: ids[MENTEE.email] })).id;
});

after(async () => {
  if (env)
    await env.close();
});

test('the mentee rates the skills of their profile at the start, the mentor too', async () => {
  let page = await env.newPage();
  await login(page, env.base, MENTEE);
  await api(page, 'PUT', '/api/v1/me/profile', { skills_wanted: ['Public speaking', 'SQL'] });
  await page.goto(`${env.base}/relationships/${ids.rel}`);
  await Promise.all([page.waitForNavigation(),
    page.getByRole('link', { name: /rate the skills .* wants to grow/ }).click()]);
  assert.match(page.url(), new RegExp(`/relationships/${ids.rel}/skills$`));
  await page.getByText('No ratings yet.').waitFor();
  const form = page.getByRole('group', { name: 'Your ratings at the start' });
  await form.getByLabel('Public speaking').selectOption('2');
  await form.getByLabel('SQL').selectOption('3');
  const resp = await submit(page, 'Save the ratings for the start');
  assert.equal(resp.status(), 200);
  await page.getByText('Your ratings for the start have been saved.').waitFor();
  const row = page.getByRole('row', { name: /Public speaking/ });
  assert.match(await row.innerText(), /Public speaking\s+2/);
  // The form keeps what was saved.
  assert.equal(await page.getByLabel('SQL').inputValue(), '3');

  page = await env.newPage();
  await login(page, env.base, MENTOR);
  await page.goto(`${env.base}/relationships/${ids.rel}/skills`);
  await page.getByRole('group', { name: 'Your ratings at the start' }).getByLabel('Public speaking').selectOption('1');
  await submit(page, 'Save the ratings for the start');
  const cells = await page.getByRole('row', { name: /Public speaking/ }).getByRole('cell').allInnerTexts();
  assert.deepEqual(cells.slice(0, 1), ['2'], 'the mentee\'s start');
  assert.ok(cells.includes('1'), `the mentor's start among ${cells}`);

  // The program's manager sees averages only, never the ratings.
  page = await env.newPage();
  await login(page, env.base, ADMIN);
  const r = await page.goto(`${env.base}/relationships/${ids.rel}/skills`);
  assert.ok([403, 404].includes(r.status()), `status ${r.status()}`);
});

test('who answers and how fast, and the hours, on the dashboard and the report', async () => {
  let page = await env.newPage();
  await login(page, env.base, MENTEE);
  await api(page, 'POST', `/api/v1/relationships/${ids.rel}/messages`, { body: 'Shall we meet on Monday?' });
  page = await env.newPage();
  await login(page, env.base, MENTOR);
  await api(page, 'POST', `/api/v1/relationships/${ids.rel}/messages`, { body: 'Monday works.' });

  page = await env.newPage();
  await login(page, env.base, ADMIN);
  await page.goto(`${env.base}/programs/${ids.program}/dashboard`);
  const chart = page.getByRole('img', { name: /^Who answers and how fast/ });
  assert.equal(await chart.count(), 1);
  await page.getByText('hours of mentoring (meetings held)').waitFor();
  const field = page.getByLabel('Slow replies after (hours)');
  assert.equal(await field.inputValue(), '72');

  await field.fill('0');
  let resp = await submit(page, 'Save the thresholds');
  assert.equal(resp.status(), 422);
  await page.getByText('The thresholds were not saved.').first().waitFor();
  assert.match(await page.locator('body').innerText(), /Slow replies after/);

  await page.goto(`${env.base}/programs/${ids.program}/dashboard`);
  assert.equal(await page.getByLabel('Slow replies after (hours)').inputValue(), '72', 'nothing saved');
  await page.getByLabel('Slow replies after (hours)').fill('48');
  resp = await submit(page, 'Save the thresholds');
  assert.equal(resp.status(), 200);
  await page.getByText('The thresholds have been saved.').waitFor();
  assert.equal(await page.getByLabel('Slow replies after (hours)').inputValue(), '48');
  assert.match(await page.getByRole('img', { name: /^Who answers and how fast/ }).locator('desc').textContent(),
    /after 48 hours/);
  const settings = await api(page, 'GET', `/api/v1/programs/${ids.program}/health-settings`);
  assert.equal(settings.slow_reply_hours, 48);

  await page.goto(`${env.base}/programs/${ids.program}/report`);
  const text = await page.locator('main').innerText();
  assert.match(text, /Mentoring hours\s+0\.0 \(meetings held\)/);
  assert.match(text, /Median time to answer\s+mentors 0\.0 hours, mentees –/);
  assert.deepEqual(cspErrors, []);
});
