// Browser tests of the pages, driving Debian's Chromium against a real
// server: logging in (mouse and keyboard only), the dashboard, editing a
// profile with availability and list fields and seeing it persist, a
// validation error shown next to its field with everything else kept, a
// member refused the people directory, logging out — and no page breaks
// the Content-Security-Policy.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ADMIN, MEMBER, login, start } from './harness.js';

let env;
const cspErrors = [];

before(async () => {
  env = await start();
  env.context.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text()))
      cspErrors.push(msg.text());
  });
});

after(async () => {
  if (env)
    await env.close();
});

test('logging in leads to the dashboard', async () => {
  const page = await env.newPage();
  const r = await page.goto(`${env.base}/`);
  assert.match(page.url(), /\/login\?next=%2F$/, 'logged-out visitors are sent to the login page');
  assert.equal(r.status(), 200);
  await login(page, env.base, ADMIN);
  assert.equal(new URL(page.url()).pathname, '/');
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: `Welcome, ${ADMIN.name}` }).waitFor());
  assert.ok(await page.getByText(ADMIN.email).first().isVisible());
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).count(), 1);
  assert.equal(await page.getByRole('main').count(), 1);
  const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
  assert.match(font, /system-ui/, 'the stylesheet is applied');
});

test('a wrong password is refused with a message', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}/login`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill('not-the-password');
  const [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Log in' }).click()]);
  assert.equal(resp.status(), 401);
  assert.match(await page.getByRole('alert').innerText(), /email or password is wrong/);
  assert.equal(await page.getByLabel('Email').inputValue(), ADMIN.email, 'the email is kept');
});

test('the profile can be edited and the values persist', async () => {
  const page = await env.newPage();
  await login(page, env.base, MEMBER, '/profile');
  assert.equal(new URL(page.url()).pathname, '/profile', 'login returns to ?next=');
  await page.getByLabel('Headline').fill('Data engineer, payments');
  await page.getByLabel('About you').fill('Ten years of pipelines.\nLikes teaching SQL.');
  await page.getByLabel('Department', { exact: true }).fill('Engineering');
  await page.getByLabel('Career level').selectOption('5');
  await page.getByLabel('Location').fill('Lisbon');
  await page.getByLabel('Time zone').fill('Europe/Lisbon');
  await page.getByLabel('Languages', { exact: true }).fill('Portuguese, English');
  await page.getByLabel('Skills you can offer').fill('SQL, data modelling');
  await page.getByLabel('Skills you want to grow').fill('public speaking');
  await page.getByLabel('Interests').fill('cycling, chess');
  await page.getByLabel('Day, row 1').selectOption({ label: 'Tuesday' });
  await page.getByLabel('From, row 1').selectOption('09:00');
  await page.getByLabel('Until, row 1').selectOption('11:30');
  await page.getByLabel('Day, row 2').selectOption({ label: 'Thursday' });
  await page.getByLabel('From, row 2').selectOption('14:00');
  await page.getByLabel('Until, row 2').selectOption('16:00');
  await page.getByLabel('Preferred channel').selectOption('video');
  await page.getByLabel('Meeting style').selectOption('conversational');
  await page.getByLabel('Other preferences').fill('No meetings on Fridays');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save profile' }).click()]);
  assert.match(page.url(), /\/profile\?saved=1$/);
  assert.match(await page.getByRole('status').first().innerText(), /saved/);

  await page.goto(`${env.base}/profile`); // a fresh load from the database
  assert.equal(await page.getByLabel('Headline').inputValue(), 'Data engineer, payments');
  assert.equal(await page.getByLabel('About you').inputValue(), 'Ten years of pipelines.\nLikes teaching SQL.');
  assert.equal(await page.getByLabel('Department', { exact: true }).inputValue(), 'Engineering');
  assert.equal(await page.getByLabel('Career level').inputValue(), '5');
  assert.equal(await page.getByLabel('Time zone').inputValue(), 'Europe/Lisbon');
  assert.equal(await page.getByLabel('Languages', { exact: true }).inputValue(), 'Portuguese, English');
  assert.equal(await page.getByLabel('Skills you can offer').inputValue(), 'SQL, data modelling');
  assert.equal(await page.getByLabel('Interests').inputValue(), 'cycling, chess');
  assert.equal(await page.getByLabel('Day, row 1').inputValue(), '2');
  assert.equal(await page.getByLabel('From, row 1').inputValue(), '09:00');
  assert.equal(await page.getByLabel('Until, row 1').inputValue(), '11:30');
  assert.equal(await page.getByLabel('Day, row 2').inputValue(), '4');
  assert.equal(await page.getByLabel('Until, row 2').inputValue(), '16:00');
  assert.equal(await page.getByLabel('Day, row 3').inputValue(), '', 'empty rows are offered to add more');
  assert.equal(await page.getByLabel('Preferred channel').inputValue(), 'video');
  assert.equal(await page.getByLabel('Meeting style').inputValue(), 'conversational');
  await page.screenshot({ path: '/tmp/mentord-profile.png', fullPage: true });

  await page.getByRole('link', { name: 'See how your profile looks' }).click();
  await page.getByRole('heading', { level: 1, name: MEMBER.name }).waitFor();
  assert.ok(await page.getByText('Tuesday 09:00–11:30').isVisible());
  assert.ok(await page.getByText('public speaking').isVisible());
});

test('a bad time zone is shown next to its field and the other values are kept', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN, '/profile');
  await page.getByLabel('Headline').fill('Keeps this headline');
  await page.getByLabel('Skills you can offer').fill('Go, Rust');
  await page.getByLabel('Day, row 1').selectOption({ label: 'Monday' });
  await page.getByLabel('From, row 1').selectOption('08:00');
  await page.getByLabel('Until, row 1').selectOption('10:00');
  await page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
  const [resp] = await Promise.all([page.waitForNavigation(),
    page.getByRole('button', { name: 'Save profile' }).click()]);
  assert.equal(resp.status(), 422);
  const tz = page.getByLabel('Time zone');
  assert.equal(await tz.getAttribute('aria-invalid'), 'true');
  assert.match(await tz.getAttribute('aria-describedby'), /\bf-timezone-error\b/);
  assert.match(await page.locator('#f-timezone-error').innerText(), /IANA time zone/);
  assert.equal(await tz.inputValue(), 'Mars/Olympus_Mons', 'the bad value is kept to correct');
  const summary = page.locator('.error-summary');
  assert.match(await summary.innerText(), /Time zone/);
  assert.equal(await summary.getByRole('link').first().getAttribute('href'), '#f-timezone');
  assert.equal(await page.getByLabel('Headline').inputValue(), 'Keeps this headline');
  assert.equal(await page.getByLabel('Skills you can offer').inputValue(), 'Go, Rust');
  assert.equal(await page.getByLabel('From, row 1').inputValue(), '08:00');
  assert.equal(await page.getByLabel('Headline').getAttribute('aria-invalid'), null);

  await page.goto(`${env.base}/profile`);
  assert.notEqual(await page.getByLabel('Headline').inputValue(), 'Keeps this headline', 'nothing was saved');
});

test('a member cannot open the people directory', async () => {
  const page = await env.newPage();
  await login(page, env.base, MEMBER);
  assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).count(), 0);
  const resp = await page.goto(`${env.base}/people`);
  assert.equal(resp.status(), 403);
  await page.getByRole('heading', { level: 1, name: 'Not allowed' }).waitFor();
  assert.equal(await page.getByRole('main').count(), 1, 'the error page has the layout');
  assert.equal((await page.goto(`${env.base}/people/1`)).status(), 403);
});

test('the login form works with the keyboard alone', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}/login`);
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => document.activeElement.textContent);
  assert.equal(first, 'Skip to main content', 'the skip link is the first stop');
  let id = '';
  for (let i = 0; i < 6 && id !== 'f-email'; i++) {
    await page.keyboard.press('Tab');
    id = await page.evaluate(() => document.activeElement.id);
  }
  assert.equal(id, 'f-email');
  await page.keyboard.type(ADMIN.email);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-password');
  await page.keyboard.type(ADMIN.password);
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.equal(new URL(page.url()).pathname, '/');
  await page.getByRole('heading', { level: 1, name: `Welcome, ${ADMIN.name}` }).waitFor();
});

test('logging out ends the session', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Log out' }).click()]);
  assert.match(page.url(), /\/login\?bye=1$/);
  assert.match(await page.getByRole('status').innerText(), /logged out/);
  await page.goto(`${env.base}/profile`);
  assert.equal(new URL(page.url()).pathname, '/login', 'the old session no longer works');
});

test('managers create a program and enrol a person', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN, '/programs/new');
  await page.getByLabel('Name').fill('Autumn cohort');
  await page.getByLabel('Starts on').fill('2026-09-01');
  await page.getByLabel('Ends on').fill('2027-02-28');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Create program' }).click()]);
  assert.match(page.url(), /\/programs\/\d+\?created=1$/);
  await page.getByRole('heading', { level: 1, name: 'Autumn cohort' }).waitFor();
  await Promise.all([page.waitForNavigation(), page.getByRole('navigation', { name: 'Program' }).getByRole('link', { name: 'Participants' }).click()]);
  await page.getByLabel('Email').fill(MEMBER.email);
  await page.getByLabel('Role').selectOption('mentee');
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Enrol' }).click()]);
  assert.match(page.url(), /participants\?added=1$/);
  assert.ok(await page.getByRole('cell', { name: MEMBER.email }).isVisible());
});

test('repeated failures are slowed down with a 429 page', async () => {
  const page = await env.newPage();
  let resp;
  for (let i = 0; i < 6; i++) {
    await page.goto(`${env.base}/login`);
    await page.getByLabel('Email').fill('ghost@example.com');
    await page.getByLabel('Password').fill(`wrong-${i}`);
    [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Log in' }).click()]);
  }
  assert.equal(resp.status(), 429);
  assert.match(await page.getByRole('alert').innerText(), /Too many failed attempts/);
});

test('no page broke the Content-Security-Policy', () => {
  assert.deepEqual(cspErrors, []);
});
