// Enrolment and finding a mentor in Chromium against the demo organisation
// (issue 13, items 1 and 6): the CSV import's dry-run preview and then the
// import in one go; changing and withdrawing a participant; changing a
// program's self-enrolment rules, "Join a program" with its reasons, and
// archiving (read-only, reports kept) and restoring; the mentors page with
// its filters, the profile's one-item-per-input lists with suggestions, and
// the mentee's dashboard with "Find a mentor" and her waiting request.
// axe-core finds nothing on every new page, and none scrolls sideways at
// 390 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { axeViolations, phoneProblems } from './a11y.js';
import { DEMO, login, start } from './harness.js';

let env;

async function api(page, method, path, data) {
  const me = await page.request.get(`${env.base}/api/v1/me`);
  const csrf = (await me.json()).csrf_token;
  const r = await page.request.fetch(`${env.base}${path}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
  const body = await r.json().catch(() => null);
  return { status: r.status(), body };
}

async function ok(page, method, path, data) {
  const r = await api(page, method, path, data);
  if (r.status >= 400)
    throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

// axe at 1280 px, then the phone layout and axe again at 390 px.
async function checkPage(page, what) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${what}`);
  const size = page.viewportSize();
  await page.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await phoneProblems(page), [], `${what} at 390 px`);
  assert.deepEqual(await axeViolations(page), [], `axe on ${what} at 390 px`);
  await page.setViewportSize(size);
}

async function go(page, click) {
  await Promise.all([page.waitForNavigation(), click]);
}

before(async () => {
  env = await start({ demo: true });
});

after(async () => {
  if (env)
    await env.close();
});

test('a CSV import is previewed before anything is written, then imported in one go', async () => {
  const page = await env.newPage();
  await login(page, env.base, DEMO.manager);
  const prog = await ok(page, 'POST', '/api/v1/programs',
    { name: 'Import pilot', starts_on: '2026-11-01', ends_on: '2027-06-30', matching: 'self' });
  await page.goto(`${env.base}/programs/${prog.id}/participants`);
  await go(page, page.getByRole('link', { name: 'Import them from a CSV file' }).click());
  await checkPage(page, 'the import form');
  const bad = 'email,role,capacity,name\nmentor@demo.mentord.test,mentor,2,\nnew.hire@demo.mentord.test,mentee,,Nina New\n' +
    'mentee@demo.mentord.test,boss,,\n';
  await page.getByRole('textbox', { name: 'The file' }).fill(bad);
  await go(page, page.getByRole('button', { name: 'Check the file' }).click());
  const problems = page.getByRole('table', { name: 'Row problems' });
  assert.match(await problems.innerText(), /4\s+role\s/);
  assert.equal(await page.getByRole('button', { name: /^Import/ }).count(), 0, 'no import while a row is wrong');
  assert.equal((await ok(page, 'GET', `/api/v1/programs/${prog.id}/participants`)).items.length, 0, 'nothing written');
  await checkPage(page, 'the preview with problems');

  await page.getByRole('textbox', { name: 'The file, to correct' }).fill(bad.replace('boss', 'mentee'));
  await go(page, page.getByRole('button', { name: 'Check the file' }).click());
  const summary = await page.getByRole('region', { name: 'What the import would do' }).innerText();
  assert.match(summary, /3\s+rows read/);
  assert.match(summary, /2\s+already have an account/);
  assert.match(summary, /1\s+new people get an account/);
  assert.match(summary, /1\s+get an invitation/);
  assert.match(await page.getByRole('table', { name: 'Preview of the import' }).innerText(), /Nina New/);
  assert.equal((await ok(page, 'GET', `/api/v1/programs/${prog.id}/participants`)).items.length, 0, 'a check writes nothing');
  await checkPage(page, 'the clean preview');
  await go(page, page.getByRole('button', { name: 'Import 3 rows' }).click());
  assert.match(await page.getByRole('status').first().innerText(), /3/);
  assert.equal((await ok(page, 'GET', `/api/v1/programs/${prog.id}/participants`)).items.length, 3);

  // Change a participant's capacity, then withdraw another with a reason.
  await go(page, page.getByRole('link', { name: "Change Nina New's enrolment" }).click());
  await checkPage(page, 'a participant');
  await page.getByLabel('Capacity').fill('2');
  await go(page, page.getByRole('button', { name: 'Save' }).click());
  const nina = (await ok(page, 'GET', `/api/v1/programs/${prog.id}/participants`)).items.find((p) => p.name === 'Nina New');
  assert.equal(nina.capacity, 2);
  const links = page.getByRole('link', { name: /enrolment$/ });
  const mentorRow = (await ok(page, 'GET', `/api/v1/programs/${prog.id}/participants`)).items.find((p) => p.role === 'mentor');
  await page.goto(`${env.base}/programs/${prog.id}/participants/${mentorRow.id}`);
  await page.getByLabel('Reason').fill('Moved to another team');
  await go(page, page.getByRole('button', { name: /^Withdraw/ }).click());
  assert.match(await page.getByRole('region', { name: 'Withdrawn' }).innerText(), /Moved to another team/);
  assert.ok(await links.count() >= 1);
  await checkPage(page, 'participants with a withdrawal');
});

test('a program opens for self-enrolment with rules, people join or learn why not, and archiving makes it read-only', async () => {
  const mgr = await env.newPage();
  await login(mgr, env.base, DEMO.manager);
  const prog = await ok(mgr, 'POST', '/api/v1/programs',
    { name: 'Open circle', starts_on: '2026-11-01', ends_on: '2027-06-30', matching: 'self' });
  await mgr.goto(`${env.base}/programs/${prog.id}`);
  await go(mgr, mgr.getByRole('link', { name: 'Change the program' }).click());
  await checkPage(mgr, 'the program form');
  await mgr.getByLabel('Mentees', { exact: true }).check();
  await mgr.getByLabel('Mentors', { exact: true }).check();
  await mgr.getByLabel('Mentors from career level').selectOption('10');
  await go(mgr, mgr.getByRole('button', { name: 'Save changes' }).click());
  assert.match(await mgr.getByRole('status').first().innerText(), /saved/);
  assert.match(await mgr.getByRole('region', { name: 'Joining' }).innerText(), /Mentors at career level 10 or above/);

  // (one page at a time: newPage logs the previous one out)
  const mentee = await env.newPage();
  await login(mentee, env.base, DEMO.mentee);
  await mentee.goto(`${env.base}/programs`);
  await go(mentee, mentee.getByRole('link', { name: 'Join a program' }).click());
  await checkPage(mentee, 'the join page');
  const card = mentee.getByRole('listitem').filter({ has: mentee.getByRole('heading', { name: 'Open circle' }) });
  assert.match(await card.innerText(), /You cannot join as a mentor/);
  await go(mentee, card.getByRole('button', { name: 'Join as a mentee' }).click());
  assert.match(await mentee.getByRole('status').first().innerText(), /You are enrolled/);

  // Her dashboard: "Find a mentor" for the new program, which has no mentor yet.
  await mentee.goto(`${env.base}/`);
  assert.ok(await mentee.getByRole('heading', { name: 'Find a mentor in Open circle' }).count() === 1);

  // Archive: read-only everywhere, reports kept, restorable.
  const mgr2 = await env.newPage();
  await login(mgr2, env.base, DEMO.manager);
  await archiveAndRestore(mgr2, prog);
});

async function archiveAndRestore(mgr, prog) {
  await mgr.goto(`${env.base}/programs/${prog.id}`);
  await go(mgr, mgr.getByRole('link', { name: 'Archive…' }).click());
  await checkPage(mgr, 'the archive page');
  await go(mgr, mgr.getByRole('button', { name: 'Archive the program' }).click());
  assert.match(await mgr.getByRole('note').innerText(), /Archived on .* nothing can be changed/);
  assert.equal(await mgr.getByRole('link', { name: 'Change the program' }).count(), 0);
  assert.equal((await api(mgr, 'PATCH', `/api/v1/programs/${prog.id}`, { name: 'Renamed' })).status, 409);
  assert.equal((await mgr.goto(`${env.base}/programs/${prog.id}/dashboard`)).status(), 200, 'health stays readable');
  assert.equal((await mgr.goto(`${env.base}/programs/${prog.id}/edit`)).status(), 409);
  await mgr.goto(`${env.base}/programs/${prog.id}`);
  await checkPage(mgr, 'an archived program');
  await go(mgr, mgr.getByRole('button', { name: 'Restore the program' }).click());
  assert.match(await mgr.getByRole('status').first().innerText(), /restored/);
}

test('mentees browse and search the mentors of their programs and reach the recommendations', async () => {
  const p = await env.newPage();
  await login(p, env.base, DEMO.mentor);
  await ok(p, 'PUT', '/api/v1/me/profile', { timezone: 'Europe/Berlin', headline: 'Staff engineer',
    bio: 'I help people grow into their first lead role.', department: 'Engineering',
    skills_offered: ['Public speaking', 'Negotiation'], languages: ['English'], interests: ['Chess'] });
  const me = (await ok(p, 'GET', '/api/v1/me')).user;
  let mentee = await env.newPage();
  await login(mentee, env.base, DEMO.mentee);
  const her = (await ok(mentee, 'GET', '/api/v1/me')).user;
  const mgr = await env.newPage();
  await login(mgr, env.base, DEMO.manager);
  const prog = await ok(mgr, 'POST', '/api/v1/programs',
    { name: 'Self-match circle', starts_on: '2026-11-01', ends_on: '2027-06-30', matching: 'self' });
  await ok(mgr, 'POST', `/api/v1/programs/${prog.id}/participants`, { user_id: me.id, role: 'mentor', capacity: 3 });
  await ok(mgr, 'POST', `/api/v1/programs/${prog.id}/participants`, { user_id: her.id, role: 'mentee' });
  mentee = await env.newPage();
  await login(mentee, env.base, DEMO.mentee);

  await mentee.goto(`${env.base}/`);
  await go(mentee, mentee.getByRole('link', { name: 'Browse the mentors' }).first().click());
  assert.equal(new URL(mentee.url()).pathname, '/mentors');
  await mentee.goto(`${env.base}/mentors`);
  await checkPage(mentee, 'the mentors page');
  assert.equal(await mentee.locator('datalist#skill-list').count(), 1, 'the skill filter suggests');
  await mentee.getByLabel('Skill').fill('negotiation');
  await mentee.getByLabel('Department').fill('Engineering');
  await mentee.getByLabel('Only mentors with a place left').check();
  await go(mentee, mentee.getByRole('button', { name: 'Filter' }).click());
  const cards = mentee.locator('.mentor-card');
  const found = cards.filter({ has: mentee.getByRole('heading', { name: me.name }) });
  assert.equal(await found.count(), 1, 'the mentor is found by skill and department');
  const text = await found.innerText();
  assert.match(text, /I help people grow/, 'the bio shows');
  assert.match(text, /Self-match circle: 3 places left/);
  await checkPage(mentee, 'a mentor search');
  // Someone outside her programs is never listed.
  await mentee.goto(`${env.base}/mentors?q=${encodeURIComponent('Ada Admin')}`);
  assert.equal(await mentee.locator('.mentor-card').count(), 0);
  assert.equal((await mentee.goto(`${env.base}/mentors?program_id=999999`)).status(), 404);

  // From the card to the recommendations, which give their reasons; ask.
  await mentee.goto(`${env.base}/mentors?program_id=${prog.id}`);
  await go(mentee, mentee.getByRole('link', { name: `Ask ${me.name}: see why they fit you` }).click());
  assert.equal(new URL(mentee.url()).pathname, `/programs/${prog.id}/recommendations`);
  await ok(mentee, 'POST', `/api/v1/programs/${prog.id}/mentor-requests`, { mentor_id: me.id, message: 'Hello' });
  await mentee.goto(`${env.base}/`);
  const waiting = mentee.locator('.callout').filter({ has: mentee.getByRole('heading', { name: 'Your request is waiting' }) });
  assert.match(await waiting.innerText(), new RegExp(`You asked ${me.name} to mentor you in Self-match circle`));
  assert.equal(await mentee.getByRole('heading', { name: 'Find a mentor in Self-match circle' }).count(), 0);
  await checkPage(mentee, 'the mentee dashboard');
});

test('the profile takes skills one per input with suggestions from what others entered', async () => {
  const page = await env.newPage();
  await login(page, env.base, DEMO.mentee);
  await page.goto(`${env.base}/profile`);
  assert.ok(await page.locator('datalist#skill-list option').count() > 0, 'skills others entered are suggested');
  const inputs = page.locator('input[name="skills_wanted"]');
  const n = await inputs.count();
  assert.ok(n >= 2, 'an empty input to add one');
  assert.equal(await inputs.first().getAttribute('list'), 'skill-list');
  await inputs.nth(n - 1).fill('Storytelling');
  await go(page, page.getByRole('button', { name: /Save/ }).first().click());
  const p = await ok(page, 'GET', '/api/v1/me/profile');
  assert.ok(p.skills_wanted.includes('Storytelling'), JSON.stringify(p.skills_wanted));
  await checkPage(page, 'the profile');
});
