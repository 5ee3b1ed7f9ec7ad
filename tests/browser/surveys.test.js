// Program surveys in Chromium against a real server (issue 14, item 5):
// the program's manager defines an NPS survey through the Surveys tab's
// form (a wrong question line is refused naming its line, and nothing is
// saved), opens it; the server's due job (every second here) sends it to
// both members; the mentee finds it in the inbox, is told a required
// question is missing, answers, and sees the answers; the mentor cannot
// open the mentee's answers; the manager reads the results (the NPS
// score, the choice tally, the text answer). axe passes on every survey
// page, and no page breaks the Content-Security-Policy.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, login, start } from './harness.js';
import { axeViolations } from './a11y.js';

let env;
const ids = {};
const cspErrors = [];
const PW = 'surveys-password-1';
const MENTOR = { email: 'sam.mentor@example.com', name: 'Sam Mentor', password: PW };
const MENTEE = { email: 'tea.mentee@example.com', name: 'Tea Mentee', password: PW };

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

async function axeClean(page) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${page.url()}`);
}

before(async () => {
  env = await start({ env: { MENTORD_NOTIFY_JOB_INTERVAL: '1' } });
  env.context.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text()))
      cspErrors.push(msg.text());
  });
  const page = await env.newPage();
  await login(page, env.base, ADMIN);
  for (const u of [MENTOR, MENTEE])
    ids[u.email] = (await api(page, 'POST', '/api/v1/users', { ...u, role: 'member' })).id;
  ids.program = (await api(page, 'POST', '/api/v1/programs', {
    name: 'Survey cohort', starts_on: '2026-01-01', ends_on: '2099-12-31', cadence_days: 14,
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

test('the manager defines an NPS survey and opens it', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN);
  await page.goto(`${env.base}/programs/${ids.program}`);
  await Promise.all([page.waitForNavigation(),
    page.getByRole('navigation', { name: 'Program' }).getByRole('link', { name: 'Surveys' }).click()]);
  await page.getByText('No surveys yet.').waitFor();
  await axeClean(page);
  await page.getByLabel('Title').fill('Monthly check');
  await page.getByLabel('Kind').selectOption('nps');
  await page.getByLabel('Sent to').selectOption('both');
  await page.getByLabel('First sent, days after the match').fill('0');
  await page.getByLabel('Then every (days)').fill('30');
  await page.getByLabel('Questions').fill('rating*: How useful are your meetings?\n'
    + 'choice: What helps most? | Meetings | Messages | Goals\nwhat else would you like?');
  let resp = await submit(page, 'Create the survey');
  assert.equal(resp.status(), 422);
  await page.getByRole('link', { name: /Questions: line 3/ }).waitFor();
  await axeClean(page);
  assert.equal(await page.getByLabel('Title').inputValue(), 'Monthly check', 'what was typed stays');
  await page.getByLabel('Questions').fill('rating*: How useful are your meetings?\n'
    + 'choice: What helps most? | Meetings | Messages | Goals\ntext: What else would you like?');
  resp = await submit(page, 'Create the survey');
  assert.equal(resp.status(), 200);
  assert.match(page.url(), /\/surveys\/\d+\?done=created$/);
  ids.survey = Number(page.url().match(/\/surveys\/(\d+)/)[1]);
  await page.getByText('The survey has been created as a draft.').waitFor();
  await axeClean(page);
  resp = await submit(page, 'Open the survey');
  assert.equal(resp.status(), 200);
  await page.getByText('The survey is open').waitFor();
});

test('the mentee answers from the inbox; the mentor cannot read it', async () => {
  const page = await env.newPage();
  await login(page, env.base, MENTEE);
  const item = page.getByRole('link', { name: /Answer the survey "Monthly check"/ });
  for (let i = 0; i < 30; i++) {
    await page.goto(`${env.base}/inbox`);
    if (await item.count())
      break;
    await page.waitForTimeout(500);
  }
  await Promise.all([page.waitForNavigation(), item.first().click()]);
  assert.match(page.url(), /\/survey-responses\/\d+$/);
  ids.response = Number(page.url().match(/\/survey-responses\/(\d+)/)[1]);
  await axeClean(page);
  await page.getByLabel(/How likely are you to recommend/).selectOption('9');
  let resp = await submit(page, 'Send my answers');
  assert.equal(resp.status(), 422);
  await page.getByRole('link', { name: /question 2 \(How useful are your meetings\?\) needs an answer/ }).waitFor();
  await axeClean(page);
  await page.getByLabel(/How useful are your meetings/).selectOption('4');
  await page.getByLabel(/What helps most/).selectOption('Messages');
  await page.getByLabel(/What else would you like/).fill('More time for questions');
  resp = await submit(page, 'Send my answers');
  assert.equal(resp.status(), 200);
  await page.getByText('Thank you: your answers have been saved.').waitFor();
  await page.getByText('More time for questions').waitFor();
  await axeClean(page);

  const mentor = await env.newPage();
  await login(mentor, env.base, MENTOR);
  resp = await mentor.goto(`${env.base}/survey-responses/${ids.response}`);
  assert.equal(resp.status(), 403);
  assert.equal(await mentor.getByText('More time for questions').count(), 0);
});

test('the manager reads the results', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN);
  await page.goto(`${env.base}/surveys/${ids.survey}`);
  await page.getByText('NPS (1 promoters, 0 passives, 0 detractors)').waitFor();
  await page.getByText('Messages: 1').waitFor();
  await page.getByText('More time for questions').waitFor();
  await axeClean(page);
  // The printable report lists the survey with its NPS score.
  await page.goto(`${env.base}/programs/${ids.program}/report`);
  await page.getByRole('row', { name: /Monthly check NPS 2 1 100/ }).waitFor();
  await axeClean(page);
  assert.deepEqual(cspErrors, []);
});
