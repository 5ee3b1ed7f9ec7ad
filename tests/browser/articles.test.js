// The guidance library in Chromium against a real server, with JavaScript
// switched off for the readers and the editor alike: everything works with
// forms and links only. The starter guides loaded by `mentord init` are in
// the library, grouped by phase and found by search; a reader votes "no",
// says what was missing and changes the vote to "yes"; comments are posted,
// closed and hidden; an editor writes an article through the form (raw HTML
// in its Markdown is not shown), edits it into a second version, reads the
// history and publishes it; the table by helpfulness is the editors';
// a mentee asks the program's managers from a guide and the manager answers
// and marks it answered; a relationship shows its phase's guides next to
// "Next step" and a health flag links to its guide. No page breaks the CSP.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { ADMIN, MEMBER, login, start } from './harness.js';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const PW = 'guides-password-1';
const MANAGER = { email: 'gita.manager@example.com', name: 'Gita Manager', password: PW };
const MENTOR = { email: 'mo.mentor@example.com', name: 'Mo Mentor', password: PW };

let env, browser;
const cspErrors = [];
const state = {};

// A page in a fresh context without JavaScript, logged in as who.
async function reader(who) {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  ctx.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text()))
      cspErrors.push(msg.text());
  });
  const page = await ctx.newPage();
  await login(page, env.base, who);
  return page;
}

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

async function submit(page, name, scope) {
  const [resp] = await Promise.all([page.waitForNavigation(),
    (scope || page).getByRole('button', { name, exact: true }).click()]);
  return resp;
}

async function guideId(page, title) {
  const list = await api(page, 'GET', `/api/v1/articles?q=${encodeURIComponent(title)}`);
  const hit = list.items.find((a) => a.title === title);
  assert.ok(hit, `no article "${title}"`);
  return hit.id;
}

before(async () => {
  env = await start();
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  // A program managed by MANAGER with MEMBER as mentee and MENTOR as mentor
  // in one relationship; the mentee has no availability, so the mentor's
  // four meetings impose his schedule (a health flag).
  const admin = await env.newPage();
  await login(admin, env.base, ADMIN);
  const ids = {};
  for (const [who, role] of [[MANAGER, 'manager'], [MENTOR, 'member']])
    ids[who.email] = (await api(admin, 'POST', '/api/v1/users', { ...who, role })).id;
  const users = await api(admin, 'GET', '/api/v1/users');
  ids[MEMBER.email] = users.items.find((u) => u.email === MEMBER.email).id;
  const prog = await api(admin, 'POST', '/api/v1/programs', {
    name: 'Guided cohort', starts_on: '2026-01-01', ends_on: '2031-12-31', cadence_days: 14, managers: [ids[MANAGER.email]],
  });
  state.program = prog.id;
  for (const [who, role] of [[MENTOR, 'mentor'], [MEMBER, 'mentee']])
    await api(admin, 'POST', `/api/v1/programs/${prog.id}/participants`, { user_id: ids[who.email], role });
  state.rel = (await api(admin, 'POST', '/api/v1/relationships',
    { program_id: prog.id, mentor_id: ids[MENTOR.email], mentee_id: ids[MEMBER.email] })).id;
  const mentor = await env.newPage();
  await login(mentor, env.base, MENTOR);
  for (let i = 1; i <= 4; i++)
    await api(mentor, 'POST', `/api/v1/relationships/${state.rel}/meetings`,
      { starts_at: `2030-01-0${i}T10:00:00Z`, kind: 'kickoff', duration_min: 60 });
});

after(async () => {
  if (browser)
    await browser.close();
  if (env)
    await env.close();
});

test('the starter guides are in the library, by phase, and search finds them', async () => {
  const page = await reader(MEMBER);
  await Promise.all([page.waitForNavigation(),
    page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Guides' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/guides');
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]').innerText(), 'Guides');
  for (const phase of ['Getting to know each other', 'Goal setting', 'Working together', 'Closing', 'Completed', 'Alumni'])
    assert.equal(await page.getByRole('heading', { level: 2, name: phase, exact: true }).count(), 1, phase);
  assert.ok(await page.getByRole('link', { name: 'The five missteps and how to avoid them' }).count() >= 1);
  assert.equal(await page.getByRole('link', { name: 'Write an article' }).count(), 0, 'readers do not write');

  await page.getByLabel('Search the guides').fill('smart goals');
  await submit(page, 'Search');
  assert.match(new URL(page.url()).search, /q=smart\+goals/);
  assert.match(await page.getByRole('status').innerText(), /found for “smart goals”/);
  const first = page.locator('.guide-list .guide-item h3 a').first();
  assert.equal(await first.innerText(), 'SMART goals, step by step');
  await page.getByLabel('Search the guides').fill('"NOT (');
  const r = await submit(page, 'Search');
  assert.equal(r.status(), 200, 'any words are safe to search for');
  await page.goto(`${env.base}/guides?phase=alumni&audience=mentee`);
  assert.ok(await page.getByRole('link', { name: 'After the formal end' }).count() >= 1);
  await page.context().close();
});

test('was this helpful: a no with what was missing, then a yes', async () => {
  const page = await reader(MEMBER);
  const id = await guideId(page, 'Saying thank you');
  state.thanks = id;
  await page.goto(`${env.base}/guides/${id}`);
  await page.getByRole('heading', { level: 1, name: 'Saying thank you' }).waitFor();
  assert.equal(await page.locator('article.guide-body h2').first().innerText(), 'What to write', 'Markdown is rendered');
  assert.ok(await page.getByRole('link', { name: 'Closing well: reflecting together' }).count() === 1, 'related articles');
  assert.match(await page.getByLabel('Link to this article').inputValue(), new RegExp(`/guides/${id}$`));
  assert.match(await page.getByRole('link', { name: 'Send it by email' }).getAttribute('href'), /^mailto:\?subject=Saying%20thank%20you/);
  const helpful = page.getByRole('region', { name: 'Was this article helpful?' });
  assert.match(await helpful.innerText(), /No votes yet/);

  await submit(page, 'No', helpful);
  assert.match(await page.getByRole('region', { name: 'Was this article helpful?' }).innerText(), /0 out of 1 found this helpful/);
  assert.equal(await page.getByRole('button', { name: 'No', exact: true }).getAttribute('aria-pressed'), 'true');
  await page.getByLabel('What was missing?').fill('An example for a mentor thanking a mentee.');
  await submit(page, 'Send');
  assert.match(await page.getByRole('status').innerText(), /editors will read what was missing/);
  assert.equal(await page.getByLabel('What was missing?').inputValue(), 'An example for a mentor thanking a mentee.');

  await submit(page, 'Yes', page.getByRole('region', { name: 'Was this article helpful?' }));
  assert.match(await page.getByRole('region', { name: 'Was this article helpful?' }).innerText(), /1 out of 1 found this helpful/,
    'one vote per person: changing it keeps one');
  assert.equal(await page.getByLabel('What was missing?').count(), 0);
  await page.context().close();
});

test('comments: posted, closed by an editor, hidden by an editor', async () => {
  const page = await reader(MEMBER);
  await page.goto(`${env.base}/guides/${state.thanks}`);
  await page.getByLabel('Your comment').fill('We wrote our notes on paper **first**.');
  await submit(page, 'Post comment');
  assert.match(await page.getByRole('status').innerText(), /comment has been posted/);
  const comments = page.getByRole('region', { name: /Comments/ });
  assert.match(await comments.innerText(), /We wrote our notes on paper first/);
  assert.equal(await comments.locator('.comment-body strong').innerText(), 'first');

  const editor = await reader(ADMIN);
  await editor.goto(`${env.base}/guides/${state.thanks}`);
  await submit(editor, 'Close for comments');
  assert.match(await editor.getByRole('status').innerText(), /closed for comments/);
  await page.reload();
  assert.match(await page.getByRole('region', { name: /Comments/ }).innerText(), /This article is closed for comments\./);
  assert.equal(await page.getByLabel('Your comment').count(), 0);

  await submit(editor, 'Hide', editor.locator('.comment').first());
  assert.match(await editor.getByRole('status').innerText(), /hidden from readers/);
  assert.match(await editor.locator('.comment').first().innerText(), /Hidden from readers/);
  await page.reload();
  assert.doesNotMatch(await page.getByRole('region', { name: /Comments/ }).innerText(), /notes on paper/);
  await submit(editor, 'Open for comments');
  await page.reload();
  assert.equal(await page.getByLabel('Your comment').count(), 1);
  await page.context().close();
  await editor.context().close();
});

test('an editor writes, edits and publishes an article; readers see it only when published', async () => {
  const editor = await reader(ADMIN);
  await editor.goto(`${env.base}/guides`);
  await Promise.all([editor.waitForNavigation(), editor.getByRole('link', { name: 'Write an article' }).click()]);
  await editor.getByLabel('Title').fill('Mentoring across time zones');
  await editor.getByLabel('Summary').fill('Meeting well when one of you starts the day as the other ends it.');
  await editor.getByLabel('The guide').fill('## Find the overlap\n\nLook at both calendars.\n\n<script>alert(1)</script>\n\n- Rotate the early slot');
  await editor.getByLabel('Working together').check();
  await editor.getByLabel('Schedule imposed on the mentee').check();
  await editor.getByLabel('Related articles').selectOption({ label: "Respecting each other's time" });
  await submit(editor, 'Save as draft');
  const id = Number(new URL(editor.url()).pathname.split('/').pop());
  state.draft = id;
  assert.match(await editor.getByRole('status').innerText(), /article has been saved/);
  assert.equal(await editor.locator('.editor-bar .badge').innerText(), 'Draft');
  assert.equal(await editor.locator('article.guide-body h2').innerText(), 'Find the overlap');
  assert.equal(await editor.locator('article.guide-body script').count(), 0, 'raw HTML is not shown');
  assert.equal(await editor.getByRole('link', { name: "Respecting each other's time" }).count(), 1);

  const member = await reader(MEMBER);
  let r = await member.goto(`${env.base}/guides/${id}`);
  assert.equal(r.status(), 404, 'a draft is not found for readers');

  await Promise.all([editor.waitForNavigation(), editor.getByRole('link', { name: 'Edit', exact: true }).click()]);
  assert.equal(await editor.getByLabel('Title').inputValue(), 'Mentoring across time zones');
  assert.ok(await editor.getByLabel('Working together').isChecked());
  await editor.getByLabel('Title').fill('');
  r = await submit(editor, 'Save changes');
  assert.equal(r.status(), 422);
  assert.match(await editor.getByRole('alert').innerText(), /Title/);
  await editor.getByLabel('Title').fill('Mentoring across time zones, kindly');
  await editor.getByLabel('What changed').fill('A friendlier title');
  await submit(editor, 'Save changes');
  assert.match(await editor.getByRole('status').innerText(), /saved as a new version/);
  assert.match(await editor.locator('.page-head .meta').innerText(), /version 2/);

  await Promise.all([editor.waitForNavigation(), editor.getByRole('link', { name: 'History' }).click()]);
  assert.equal(await editor.getByRole('heading', { level: 2, name: /^Version \d/ }).count(), 2);
  assert.match(await editor.locator('.version-list > li').first().innerText(), /A friendlier title/);
  assert.match(await editor.locator('.version-list > li').nth(1).innerText(), /Title\s+Mentoring across time zones\s+Summary/);
  await editor.goto(`${env.base}/guides/${id}`);
  await submit(editor, 'Publish');
  assert.match(await editor.getByRole('status').innerText(), /is published/);
  r = await member.goto(`${env.base}/guides/${id}`);
  assert.equal(r.status(), 200);
  assert.equal(await member.getByRole('heading', { level: 1 }).innerText(), 'Mentoring across time zones, kindly');
  assert.equal(await member.getByRole('link', { name: 'Edit', exact: true }).count(), 0);
  r = await member.goto(`${env.base}/guides/${id}/edit`);
  assert.equal(r.status(), 403);
  await member.context().close();
  await editor.context().close();
});

test('editors see the articles by helpfulness; readers may not', async () => {
  const editor = await reader(ADMIN);
  await editor.goto(`${env.base}/guides`);
  await Promise.all([editor.waitForNavigation(), editor.getByRole('link', { name: 'Articles by helpfulness' }).click()]);
  const table = editor.getByRole('table', { name: 'Articles by helpfulness' });
  const row = table.locator('tbody tr').filter({ hasText: 'Saying thank you' });
  assert.match(await row.innerText(), /Saying thank you\s+1\s+1\s+100%\s+0/);
  const member = await reader(MEMBER);
  const r = await member.goto(`${env.base}/guides/helpfulness`);
  assert.equal(r.status(), 403);
  await member.context().close();
  await editor.context().close();
});

test('a mentee asks the managers from a guide; the manager answers and marks it answered', async () => {
  const mentee = await reader(MEMBER);
  await mentee.goto(`${env.base}/guides/${state.thanks}`);
  await Promise.all([mentee.waitForNavigation(), mentee.getByRole('link', { name: 'Submit a request' }).click()]);
  assert.match(await mentee.locator('.callout').innerText(), /About the guide Saying thank you/);
  assert.equal(await mentee.getByLabel('Program').inputValue(), String(state.program));
  await mentee.getByLabel('About one of your relationships?').selectOption({ label: 'With Mo Mentor (your mentor) in Guided cohort' });
  await mentee.getByLabel('Subject').fill('When should we write the notes?');
  await mentee.getByLabel('Your question').fill('Before the last meeting or after it?');
  await submit(mentee, 'Send the request');
  assert.match(await mentee.getByRole('status').innerText(), /sent to the program's managers/);
  const url = mentee.url().replace(/\?.*$/, '');
  assert.match(await mentee.locator('.page-head').innerText(), /only you and the program's managers see this request/);

  const mentor = await reader(MENTOR);
  let r = await mentor.goto(url);
  assert.equal(r.status(), 404, 'the other member of the relationship does not see it');
  await mentor.context().close();

  const manager = await reader(MANAGER);
  await manager.goto(`${env.base}/guides`);
  await Promise.all([manager.waitForNavigation(), manager.getByRole('link', { name: '1 waiting for your answer' }).click()]);
  assert.equal(await manager.getByRole('heading', { level: 1 }).innerText(), 'Requests to answer');
  await Promise.all([manager.waitForNavigation(), manager.getByRole('link', { name: 'When should we write the notes?' }).click()]);
  await manager.getByLabel('Your reply').fill('After the last meeting, while it is fresh.');
  await manager.getByLabel('Mark the request answered').check();
  await submit(manager, 'Send reply');
  assert.match(await manager.getByRole('status').innerText(), /marked answered/);
  await manager.context().close();

  await mentee.goto(url);
  assert.match(await mentee.locator('.page-head').innerText(), /Answered/);
  const thread = mentee.getByRole('region', { name: 'Replies' });
  assert.match(await thread.innerText(), /Gita Manager\s+Manager/);
  assert.match(await thread.innerText(), /After the last meeting, while it is fresh\./);
  await Promise.all([mentee.waitForNavigation(), mentee.getByRole('link', { name: 'Requests', exact: true }).click()]);
  assert.match(await mentee.getByRole('table').innerText(), /When should we write the notes\?\s+About a relationship\s+Guided cohort\s+Answered/);
  await mentee.context().close();
});

test('a relationship shows its phase guides by Next step; a health flag links its guide', async () => {
  const mentee = await reader(MEMBER);
  await mentee.goto(`${env.base}/relationships/${state.rel}`);
  const next = mentee.locator('.next-step');
  assert.match(await next.innerText(), /Guides for this phase:/);
  await Promise.all([mentee.waitForNavigation(), next.getByRole('link', { name: 'Getting to know each other' }).click()]);
  assert.equal(await mentee.getByRole('heading', { level: 1 }).innerText(), 'Getting to know each other');
  await mentee.context().close();

  const manager = await reader(MANAGER);
  await manager.goto(`${env.base}/programs/${state.program}/dashboard`);
  const row = manager.getByRole('table', { name: /Relationships at risk/ }).locator('tbody tr').first();
  assert.match(await row.innerText(), /Schedule imposed on the mentee/);
  await Promise.all([manager.waitForNavigation(), row.getByRole('link', { name: "Guide: Respecting each other's time" }).click()]);
  assert.equal(await manager.getByRole('heading', { level: 1 }).innerText(), "Respecting each other's time");
  await manager.context().close();
});

test('the guide pages keep the CSP: no script, no inline style', async () => {
  const page = await reader(ADMIN);
  for (const path of ['/guides', `/guides/${state.thanks}`, `/guides/${state.draft}/edit`, `/guides/${state.draft}/history`,
    '/guides/helpfulness', '/guides/requests', '/guides/requests/new']) {
    const r = await page.goto(`${env.base}${path}`);
    assert.equal(r.status(), 200, path);
    assert.equal(await page.locator('script').count(), 0, path);
    assert.equal(await page.locator('[style]').count(), 0, path);
  }
  await page.context().close();
  assert.deepEqual(cspErrors, []);
});
