// A mentoring relationship walked through the pages, in Chromium against a
// real server: a program manager enrols a mentor and a mentee and pairs them;
// then the mentee and the mentor, each in their own browser context, hold
// the kickoff, write and sign the agreement, have a goal refused as not
// SMART and then accepted and confirmed (the working phase), use the
// cooperation board, send a message, give and acknowledge feedback, close
// with thanks (completed) and keep in touch (alumni). The manager sees the
// phase but not the content. Then matching: a run's pairs with reasons,
// published into relationships. No page may break the CSP.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { ADMIN, login, start } from './harness.js';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const SHOTS = process.env.MENTORD_SHOTS || '/tmp/mentord-lifecycle';
const PW = 'lifecycle-password-1';
const MANAGER = { email: 'mara.manager@example.com', name: 'Mara Manager', password: PW };
const MENTOR = { email: 'otto.mentor@example.com', name: 'Otto Mentor', password: PW };
const MENTEE = { email: 'emma.mentee@example.com', name: 'Emma Mentee', password: PW };

let env, browser, admin, manager, mentee, mentor;
const cspErrors = [];
const state = {};

function watch(ctx) {
  ctx.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text()))
      cspErrors.push(msg.text());
  });
}

async function shot(page, name) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

// An API call with the page's session cookie and its CSRF token.
async function api(page, method, path, data) {
  const me = await page.request.get(`${env.base}/api/v1/me`);
  const csrf = (await me.json()).csrf_token;
  const r = await page.request.fetch(`${env.base}${path}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
  const body = await r.json().catch(() => null);
  if (r.status() >= 400)
    throw new Error(`${method} ${path}: ${r.status()} ${JSON.stringify(body)}`);
  return body;
}

// Clicks a submit button and waits for the page it leads to.
async function submit(page, name) {
  const [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name, exact: true }).click()]);
  return resp;
}

function day(offset) {
  return new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);
}

const weekdays = [1, 2, 3, 4, 5].map((d) => ({ day: d, start: '08:00', end: '18:00' }));

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  env = await start();
  watch(env.context);
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  const contexts = await Promise.all([1, 2, 3].map(() => browser.newContext({ viewport: { width: 1280, height: 900 } })));
  contexts.forEach(watch);
  [manager, mentee, mentor] = await Promise.all(contexts.map((c) => c.newPage()));
  admin = await env.newPage();
});

after(async () => {
  if (browser)
    await browser.close();
  if (env)
    await env.close();
});

test('the manager enrols a mentor and a mentee and pairs them', async () => {
  await login(admin, env.base, ADMIN);
  for (const [who, role] of [[MANAGER, 'manager'], [MENTOR, 'member'], [MENTEE, 'member']])
    await api(admin, 'POST', '/api/v1/users', { email: who.email, name: who.name, role, password: who.password });

  await login(mentee, env.base, MENTEE);
  await api(mentee, 'PUT', '/api/v1/me/profile', {
    headline: 'Analyst who wants to speak up', timezone: 'Europe/Berlin', languages: ['English', 'German'],
    skills_wanted: ['public speaking'], interests: ['chess', 'hiking'], availability: weekdays,
    preferred_channel: 'video', meeting_style: 'conversational', preferences: 'Mornings work best.',
  });
  await login(mentor, env.base, MENTOR);
  await api(mentor, 'PUT', '/api/v1/me/profile', {
    headline: 'Engineering lead', timezone: 'Europe/London', languages: ['English'],
    skills_offered: ['public speaking'], interests: ['chess'], availability: weekdays,
    preferred_channel: 'video', meeting_style: 'structured', preferences: 'Agenda a day ahead, please.',
  });

  await login(manager, env.base, MANAGER);
  const program = await api(manager, 'POST', '/api/v1/programs', {
    name: 'Speaking up', kind: 'one_to_one', starts_on: day(-7), ends_on: day(300), matching: 'optimal',
  });
  state.program = program.id;
  for (const [who, role] of [[MENTOR, 'mentor'], [MENTEE, 'mentee']]) {
    await manager.goto(`${env.base}/programs/${program.id}/participants`);
    await manager.getByLabel('Email').fill(who.email);
    await manager.getByLabel('Role').selectOption(role);
    await submit(manager, 'Enrol');
    assert.match(await manager.getByRole('status').innerText(), /enrolled/);
  }
  await manager.goto(`${env.base}/programs/${program.id}`);
  await Promise.all([manager.waitForNavigation(), manager.getByRole('link', { name: 'Matching' }).click()]);
  await manager.getByLabel('Mentor', { exact: true }).selectOption({ label: `${MENTOR.name} (${MENTOR.email})` });
  await manager.getByLabel('Mentee', { exact: true }).selectOption({ label: `${MENTEE.name} (${MENTEE.email})` });
  await submit(manager, 'Create the relationship');
  const m = new URL(manager.url()).pathname.match(/^\/relationships\/(\d+)$/);
  assert.ok(m, `the manager lands on the new relationship, not ${manager.url()}`);
  state.rel = Number(m[1]);
  assert.match(await manager.getByRole('status').innerText(), /relationship has been created/);
});

test('the mentee sees the relationship, what they share, and proposes a kickoff in the past', async () => {
  await mentee.goto(`${env.base}/`);
  await mentee.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Relationships' }).click();
  await mentee.waitForURL(/\/relationships$/);
  await Promise.all([mentee.waitForNavigation(), mentee.getByRole('link', { name: MENTOR.name }).click()]);
  assert.equal(new URL(mentee.url()).pathname, `/relationships/${state.rel}`);
  const current = mentee.locator('.phase-progress [aria-current="step"]');
  assert.match(await current.innerText(), /Getting to know each other/);
  assert.match(await mentee.getByRole('region', { name: 'What you have in common' }).innerText(), /chess/);
  assert.match(await mentee.getByRole('region', { name: 'Conversation starters' }).innerText(), /public speaking/);
  assert.match(await mentee.getByRole('region', { name: 'How each of you likes to meet' }).innerText(), /Agenda a day ahead/);
  await shot(mentee, '01-overview');

  await mentee.getByRole('navigation', { name: 'Relationship sections' }).getByRole('link', { name: 'Meetings' }).click();
  await mentee.waitForURL(/\/meetings$/);
  assert.ok(await mentee.getByText('fits both').count() > 0, 'slots inside both availabilities are offered');
  await shot(mentee, '02-meetings');
  // A regular meeting before the kickoff: the API's phase rule, shown as an alert.
  await mentee.locator('input[name="slot"]').first().check();
  await mentee.getByLabel('Kind').selectOption('regular');
  const refused = await submit(mentee, 'Propose the meeting');
  assert.equal(refused.status(), 409);
  assert.match(await mentee.getByRole('alert').innerText(), /start with the kickoff meeting/);
  // The kickoff took place two days ago; record it now.
  await mentee.getByLabel('Another date and time (below)').check();
  await mentee.getByLabel('Another date and time', { exact: true }).fill(`${day(-2)}T10:00`);
  await mentee.getByLabel('Kind').selectOption('kickoff');
  await mentee.getByLabel('Channel').selectOption('video');
  await submit(mentee, 'Propose the meeting');
  assert.match(new URL(mentee.url()).pathname, /^\/meetings\/\d+$/);
  state.meeting = Number(new URL(mentee.url()).pathname.split('/')[2]);
  assert.match(await mentee.getByRole('status').innerText(), /proposed/);
  await mentee.getByLabel('Agenda item').fill('How do I prepare for a ten-minute talk?');
  await submit(mentee, 'Add to the agenda');
  assert.match(await mentee.getByRole('region', { name: 'Agenda' }).innerText(), /ten-minute talk.*a question/s);
  await mentee.getByLabel('Note', { exact: true }).fill('We agreed to meet every two weeks.\nOtto shares his slides.');
  await submit(mentee, 'Save the note');
  await submit(mentee, 'Mark as held');
  assert.match(await mentee.getByRole('status').innerText(), /held/);
  assert.match(await mentee.locator('.phase-progress [aria-current="step"]').innerText(), /Goal setting/);
  await shot(mentee, '03-meeting');
});

test('the agreement is written and signed by both; editing would clear the signatures', async () => {
  await mentee.goto(`${env.base}/relationships/${state.rel}/agreement`);
  await mentee.getByLabel('Purpose').fill('Become a confident speaker in front of senior leaders');
  await mentee.getByLabel('Expected results').fill('Present our results at the quarterly all-hands');
  await mentee.getByLabel('Meet every (days)').fill('14');
  await mentee.getByLabel('Duration (weeks)').fill('24');
  await mentee.getByLabel('Confidentiality').fill('What we discuss stays between us');
  await submit(mentee, 'Save the agreement');
  assert.match(await mentee.getByRole('status').innerText(), /saved/);
  assert.match(await mentee.locator('#edit-warning').innerText(), /clears both signatures/);
  await submit(mentee, 'Sign the agreement');
  assert.match(await mentee.getByRole('region', { name: 'Signatures' }).innerText(), /Mentee.*Signed.*Mentor.*Not signed yet/s);

  await mentor.goto(`${env.base}/relationships/${state.rel}/agreement`);
  await submit(mentor, 'Sign the agreement');
  assert.match(await mentor.getByRole('region', { name: 'Signatures' }).innerText(), /Signed by both/);
  await shot(mentor, '04-agreement');
});

test('a goal that is not SMART is refused with what is missing, then accepted and confirmed', async () => {
  await mentee.goto(`${env.base}/relationships/${state.rel}/goals`);
  await mentee.getByLabel('Title').fill('Speak more');
  await mentee.getByLabel('Outcome').fill('Speak');
  const resp = await submit(mentee, 'Save the goal');
  assert.equal(resp.status(), 422);
  const check = await mentee.locator('#smart-check').innerText();
  assert.match(check, /Specific/);
  assert.match(check, /Measurable/);
  assert.match(check, /Relevant/);
  assert.match(check, /Time-bound/);
  assert.match(await mentee.getByRole('alert').first().innerText(), /problem/);
  assert.equal(await mentee.getByLabel('Outcome').getAttribute('aria-invalid'), 'true');
  assert.equal(await mentee.getByLabel('Title').inputValue(), 'Speak more', 'what was typed is kept');
  await shot(mentee, '05-goal-refused');

  await mentee.getByLabel('Outcome').fill('Give a ten-minute talk at the next all-hands meeting');
  await mentee.getByLabel('Metric').fill('rehearsals with feedback');
  await mentee.getByLabel('Baseline').fill('0');
  await mentee.getByLabel('Target').fill('4');
  await mentee.getByLabel('Due on').fill(day(60));
  await mentee.getByLabel('Relevance').fill('Speaking to leaders is the purpose of our agreement');
  await submit(mentee, 'Save the goal');
  assert.match(await mentee.getByRole('status').innerText(), /goal has been saved/);
  assert.match(await mentee.locator('.checklist .missing').first().innerText(), /Attainable/);

  await mentor.goto(`${env.base}/relationships/${state.rel}/goals`);
  await submit(mentor, 'Confirm: attainable and realistic');
  assert.match(await mentor.getByRole('status').innerText(), /confirmed/);
  assert.match(await mentor.locator('.phase-progress [aria-current="step"]').innerText(), /Working together/);
  await mentor.getByLabel('Value now').fill('1');
  await submit(mentor, 'Record progress');
  assert.match(await mentor.locator('.item-list').first().innerText(), /1 of 4/);
  await shot(mentor, '06-goals');
});

test('the cooperation board: a concern, an idea credited to its author, a plan and an action item', async () => {
  await mentee.goto(`${env.base}/relationships/${state.rel}/board`);
  await mentee.getByRole('textbox', { name: 'Concern' }).fill('I freeze when leaders ask questions');
  await submit(mentee, 'Add the concern');
  await mentee.getByLabel('Your idea').fill('Rehearse a Q&A with tough questions');
  await submit(mentee, 'Add idea');
  assert.match(await mentee.getByRole('status').innerText(), /credited to you/);
  assert.equal(await mentee.getByRole('button', { name: `Credit this idea to ${MENTOR.name}` }).count(), 1);

  await mentor.goto(`${env.base}/relationships/${state.rel}/board`);
  assert.match(await mentor.locator('li', { hasText: 'Rehearse a Q&A' }).filter({ hasText: "'s idea" }).last().innerText(),
    /Emma Mentee's idea/);
  assert.equal(await mentor.getByRole('button', { name: /Credit this idea/ }).count(), 0,
    'only the author sees the credit control');

  await mentee.getByText('Choose the plan').isVisible();
  await mentee.getByLabel('Rehearse a Q&A with tough questions').check();
  await mentee.getByLabel('The plan').fill('Two mock Q&A sessions before the all-hands');
  await submit(mentee, 'Choose this plan');
  assert.match(await mentee.getByRole('status').innerText(), /plan has been chosen/);
  await mentee.getByText('Add an action item').click();
  await mentee.getByLabel('Action', { exact: true }).fill('Write ten hard questions');
  await mentee.getByLabel('Due on').fill(day(14));
  await mentee.getByLabel('Goal', { exact: true }).selectOption({ label: 'Speak more' });
  await submit(mentee, 'Add the action item');
  assert.match(await mentee.getByRole('region', { name: 'Concerns' }).innerText(), /Write ten hard questions.*for the goal “Speak more”/s);
  await mentee.getByLabel('A win to celebrate').fill('First rehearsal done');
  await submit(mentee, 'Celebrate');
  await shot(mentee, '07-board');
});

test('a message, and feedback given and acknowledged', async () => {
  await mentee.goto(`${env.base}/relationships/${state.rel}/messages`);
  await mentee.getByRole('textbox', { name: 'Message' }).fill('Thank you for today, see you in two weeks!');
  await submit(mentee, 'Send');
  await mentor.goto(`${env.base}/relationships/${state.rel}/messages`);
  assert.match(await mentor.getByRole('region', { name: 'Messages between you' }).innerText(), /see you in two weeks/);

  await mentee.goto(`${env.base}/meetings/${state.meeting}`);
  await mentee.getByLabel('Rating').selectOption('5');
  await mentee.getByLabel('Comment').fill('Clear, kind and practical.');
  await mentee.getByLabel('Tags').fill('listening, preparation');
  await submit(mentee, 'Send feedback');
  assert.match(await mentee.getByRole('status').innerText(), /Thank you for your feedback/);

  await mentor.goto(`${env.base}/meetings/${state.meeting}`);
  await submit(mentor, 'Acknowledge this feedback');
  assert.match(await mentor.getByRole('region', { name: 'Feedback' }).innerText(), /Acknowledged/);
  await shot(mentor, '08-feedback');
});

test('closing by both with a thank-you note completes it; keep-in-touch makes alumni', async () => {
  for (const [page, who] of [[mentee, 'mentee'], [mentor, 'mentor']]) {
    await page.goto(`${env.base}/relationships/${state.rel}/closing`);
    await page.getByLabel('Your reflection').fill(`As the ${who}: we grew together.`);
    await page.getByLabel('How satisfied are you with the mentoring?').selectOption('5');
    if (who === 'mentee')
      await page.getByLabel('Was your mentor important to your success?').selectOption('5');
    else
      assert.equal(await page.getByLabel('Was your mentor important to your success?').count(), 0);
    await page.getByLabel('Would you recommend mentoring to a colleague?').selectOption('yes');
    await page.getByLabel('Thank-you note').fill(`Thank you, from the ${who}!`);
    await submit(page, 'Close and say thank you');
    assert.match(await page.getByRole('status').innerText(), /thank-you note have been saved/);
  }
  assert.match(await mentor.locator('.phase-progress [aria-current="step"]').innerText(), /Completed/);
  await mentor.getByLabel('Remind us to keep in touch').selectOption('60');
  await submit(mentor, 'Stay in touch as alumni');
  assert.match(await mentor.locator('.phase-progress [aria-current="step"]').innerText(), /Alumni/);
  assert.match(await mentor.getByRole('region', { name: 'Reflections and thanks' }).innerText(), /Would recommend\s*Yes/);
  assert.equal(await mentor.getByLabel('Remind us to keep in touch').inputValue(), '60');
  await shot(mentor, '09-alumni');
  await mentor.goto(`${env.base}/relationships/${state.rel}/history`);
  assert.match(await mentor.getByRole('table').innerText(), /Thank-you note/);
});

test('the manager sees the phase but not the content', async () => {
  await manager.goto(`${env.base}/programs/${state.program}/relationships`);
  assert.match(await manager.getByRole('table').innerText(), /Emma Mentee.*Otto Mentor.*Alumni/s);
  await Promise.all([manager.waitForNavigation(), manager.getByRole('link', { name: MENTEE.name }).click()]);
  assert.match(await manager.locator('.phase-progress [aria-current="step"]').innerText(), /Alumni/);
  const tabs = manager.getByRole('navigation', { name: 'Relationship sections' });
  assert.equal(await tabs.getByRole('link', { name: 'Messages' }).count(), 0);
  assert.equal(await tabs.getByRole('link', { name: 'History' }).count(), 1);
  const r = await manager.goto(`${env.base}/relationships/${state.rel}/messages`);
  assert.equal(r.status(), 403);
  assert.match(await manager.getByRole('main').innerText(), /private to the mentor and the mentee/);
  const m = await manager.goto(`${env.base}/meetings/${state.meeting}`);
  assert.equal(m.status(), 403);
  await shot(manager, '10-manager-refused');
});

test('matching: a run shows pairs with reasons; publishing creates relationships', async () => {
  const people = [];
  for (let i = 1; i <= 4; i++) {
    const role = i <= 2 ? 'mentor' : 'mentee';
    const who = { email: `${role}${i}@example.com`, name: `${role === 'mentor' ? 'Mentor' : 'Mentee'} ${i}`, password: PW };
    const u = await api(admin, 'POST', '/api/v1/users', { ...who, role: 'member' });
    people.push({ ...who, id: u.id, role });
  }
  const program = await api(manager, 'POST', '/api/v1/programs', {
    name: 'Matched cohort', kind: 'one_to_one', starts_on: day(-1), ends_on: day(200), matching: 'optimal',
  });
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  for (const who of people) {
    await login(p, env.base, who);
    await api(p, 'PUT', '/api/v1/me/profile', {
      timezone: 'Europe/Berlin', languages: ['English'], availability: weekdays,
      [who.role === 'mentor' ? 'skills_offered' : 'skills_wanted']: ['negotiation'], interests: ['chess'],
    });
    await p.context().clearCookies();
    await api(manager, 'POST', `/api/v1/programs/${program.id}/participants`, { user_id: who.id, role: who.role });
  }
  await ctx.close();

  await manager.goto(`${env.base}/programs/${program.id}/matching`);
  await manager.getByLabel('How to pair people').selectOption('optimal');
  await submit(manager, 'Run matching');
  assert.match(new URL(manager.url()).pathname, /\/matching\/runs\/\d+$/);
  // The reasons are folded under "Why they fit" (textContent reads them).
  const pairs = await manager.getByRole('region', { name: 'Pairs and why' }).textContent();
  assert.match(pairs, /Mentee 3/);
  assert.match(pairs, /Skills wanted and offered/, 'each pair shows why');
  await shot(manager, '11-match-run');
  // Publishing is a confirmation step that says what will happen.
  await Promise.all([manager.waitForNavigation(), manager.getByRole('link', { name: 'Publish this run…' }).click()]);
  assert.match(await manager.getByRole('region', { name: 'What happens when you publish' }).innerText(), /2 relationships/);
  await submit(manager, 'Publish and send the emails');
  assert.match(await manager.getByRole('status').innerText(), /published/);
  await manager.goto(`${env.base}/programs/${program.id}/relationships`);
  const rows = await manager.getByRole('table').locator('tbody tr').count();
  assert.equal(rows, 2, 'publishing created a relationship per pair');
});

test('self-match: a mentee asks a recommended mentor, who accepts from the dashboard', async () => {
  const program = await api(manager, 'POST', '/api/v1/programs', {
    name: 'Find your mentor', kind: 'one_to_one', starts_on: day(-1), ends_on: day(200), matching: 'self',
  });
  // A new pair: the first one may not repeat (a hard rule of matching).
  const asker = { email: 'ada.asker@example.com', name: 'Ada Asker', password: PW };
  const helper = { email: 'hal.helper@example.com', name: 'Hal Helper', password: PW };
  for (const [page, who, role, skills] of [[mentee, asker, 'mentee', 'skills_wanted'], [mentor, helper, 'mentor', 'skills_offered']]) {
    const u = await api(admin, 'POST', '/api/v1/users', { ...who, role: 'member' });
    await page.context().clearCookies();
    await login(page, env.base, who);
    await api(page, 'PUT', '/api/v1/me/profile', {
      timezone: 'Europe/Berlin', languages: ['English'], availability: weekdays, [skills]: ['storytelling'],
    });
    await api(manager, 'POST', `/api/v1/programs/${program.id}/participants`, { user_id: u.id, role });
  }

  await mentee.goto(`${env.base}/programs/${program.id}`);
  await Promise.all([mentee.waitForNavigation(), mentee.getByRole('link', { name: 'Find a mentor' }).click()]);
  const recs = mentee.getByRole('region', { name: 'Recommended mentors' });
  assert.match(await recs.innerText(), new RegExp(`${helper.name}.*score`, 's'));
  await mentee.getByText(`Ask ${helper.name} to be your mentor`).click();
  await mentee.getByLabel('Message to the mentor').fill('I would love to learn how you prepare talks.');
  await submit(mentee, 'Ask this mentor');
  assert.match(await mentee.getByRole('status').innerText(), /request has been sent/);
  await shot(mentee, '12-recommendations');

  await mentor.goto(`${env.base}/`);
  assert.match(await mentor.getByText(/mentor request is waiting/).innerText(), /1 mentor request/);
  await Promise.all([mentor.waitForNavigation(), mentor.getByRole('link', { name: 'Answer the requests' }).click()]);
  assert.match(await mentor.getByRole('main').innerText(), /learn how you prepare talks/);
  await submit(mentor, 'Accept');
  assert.match(new URL(mentor.url()).pathname, /^\/relationships\/\d+$/);
  assert.match(await mentor.getByRole('status').innerText(), /accepted/);
  await mentor.goto(`${env.base}/`);
  assert.match(await mentor.getByRole('region', { name: 'Your relationships' }).innerText(), /Find your mentor.*Getting to know each other/s);
  await shot(mentor, '13-dashboard');
});

test('no page broke the Content-Security-Policy', () => {
  assert.deepEqual(cspErrors, []);
});
