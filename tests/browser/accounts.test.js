// Browser tests of accounts people can use (issue 11), in Chromium against a
// real server, without JavaScript on the pages: an administrator invites a
// person from the People page and the invitation's link (read from the
// outbox, where mail waits when no SMTP server is set) sets the password and
// signs in; "Forgot password?" mails a link that sets a new one; the
// security page changes the password, ends other sessions and makes and
// revokes a token; two-factor sign-in is set up with the QR code's secret
// and then asked for at login; the people administration filters, resends,
// changes roles, deactivates and reactivates, and every action is in the
// audit log, which filters and downloads as CSV; the organisation's rule
// sends a manager without two-factor to its setup. No page breaks the CSP.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, test } from 'node:test';
import { ADMIN, MEMBER, login, mentord, sql, start } from './harness.js';

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

// The newest link of this kind ("invite", "reset-password") mailed to email.
function mailedLink(kind, email) {
  const mailKind = kind === 'invite' ? 'invitation' : 'password_reset';
  const body = sql(env.db, `SELECT body FROM outbox WHERE kind = '${mailKind}' AND to_addr = '${email}' ORDER BY id DESC LIMIT 1`);
  const m = body.match(new RegExp(`https?://[^/\\s]+(/${kind}\\?token=[A-Za-z0-9_-]+)`));
  assert.ok(m, `no ${kind} link in: ${body}`);
  return `${env.base}${m[1]}`;
}

// RFC 6238: the six-digit code of a base32 secret at time t (seconds).
function totp(secret, t = Date.now() / 1000) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/\s/g, '').toUpperCase())
    bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(t / 30)));
  const mac = createHmac('sha1', key).update(msg).digest();
  const off = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(off) & 0x7fffffff) % 1000000).padStart(6, '0');
}

async function submit(page, name) {
  const [resp] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name }).click()]);
  return resp;
}

async function logout(page) {
  await submit(page, 'Log out');
}

test('an invited person sets a password through the link and is signed in', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN, '/people');
  await page.getByRole('link', { name: 'Invite someone' }).click();
  await page.getByLabel('Email').fill('ivy.invited@example.com');
  await page.getByLabel('Name').fill('Ivy Invited');
  await page.getByLabel('Role').selectOption('manager');
  await submit(page, 'Send the invitation');
  assert.match(page.url(), /\/people\/\d+\?done=created$/);
  assert.match(await page.getByRole('status').first().innerText(), /invitation is on its way/);
  assert.match(await page.getByText(/invited .*the link works until/).innerText(), /invited/);
  const link = mailedLink('invite', 'ivy.invited@example.com');
  await logout(page);

  const guest = await env.newPage();
  await guest.goto(link);
  assert.match(await guest.getByRole('main').innerText(), /Hello Ivy Invited/);
  await guest.getByLabel('New password (required)', { exact: true }).fill('ivy-chooses-a-password');
  await guest.getByLabel('New password again').fill('ivy-chooses-another');
  let resp = await submit(guest, 'Set my password and sign in');
  assert.equal(resp.status(), 422, 'the two passwords must match');
  assert.match(await guest.getByRole('alert').innerText(), /does not match/);
  await guest.getByLabel('New password (required)', { exact: true }).fill('ivy-chooses-a-password');
  await guest.getByLabel('New password again').fill('ivy-chooses-a-password');
  await submit(guest, 'Set my password and sign in');
  assert.equal(new URL(guest.url()).pathname, '/', 'signed in, on the dashboard');
  assert.ok(await guest.getByText('Ivy Invited').first().isVisible());
  // The link works once.
  resp = await guest.goto(link);
  assert.equal(resp.status(), 410);
  assert.match(await guest.getByRole('alert').innerText(), /used already/);
});

test('forgot password: the link sets a new password', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}/login`);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await page.getByLabel('Email').fill(MEMBER.email);
  await submit(page, 'Send the link');
  assert.match(await page.getByRole('status').innerText(), /If an account has this email/);
  // The same words for an email nobody has.
  await page.goto(`${env.base}/forgot-password`);
  await page.getByLabel('Email').fill('nobody@example.com');
  await submit(page, 'Send the link');
  assert.match(await page.getByRole('status').innerText(), /If an account has this email/);

  await page.goto(mailedLink('reset-password', MEMBER.email));
  await page.getByLabel('New password (required)', { exact: true }).fill('member-password-2');
  await page.getByLabel('New password again').fill('member-password-2');
  await submit(page, 'Set the password');
  assert.match(page.url(), /\/login\?reset=1$/);
  assert.match(await page.getByRole('status').innerText(), /new password is set/);
  MEMBER.password = 'member-password-2';
  await login(page, env.base, MEMBER);
  assert.equal(new URL(page.url()).pathname, '/');
});

test('the security page: password, sessions, tokens', async () => {
  const page = await env.newPage();
  await login(page, env.base, MEMBER, '/settings');
  await page.getByRole('link', { name: /Password, two-factor sign-in/ }).click();
  assert.equal(new URL(page.url()).pathname, '/settings/security');
  assert.ok(await page.getByText('this one').isVisible(), 'the current session is marked');
  // A token, shown once, then revoked.
  await page.getByLabel('Name').fill('backup script');
  await page.getByLabel('Works for').selectOption('30');
  await submit(page, 'Make the token');
  const secret = (await page.locator('code.secret').innerText()).trim();
  assert.match(secret, /^mtd_/);
  const api = await page.request.get(`${env.base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(api.status(), 200);
  await page.goto(`${env.base}/settings/security`);
  assert.equal(await page.locator('code.secret').count(), 0, 'shown only once');
  await submit(page, 'Revoke backup script');
  assert.match(await page.getByRole('status').innerText(), /no longer works/);
  assert.equal((await page.request.get(`${env.base}/api/v1/me`, { headers: { Authorization: `Bearer ${secret}` } })).status(), 401);
  // The password, with the current one.
  await page.getByLabel('Current password').fill('wrong-password-here');
  await page.getByLabel('New password (required)', { exact: true }).fill('member-password-3');
  await page.getByLabel('New password again').fill('member-password-3');
  let resp = await submit(page, 'Change password');
  assert.equal(resp.status(), 422);
  assert.match(await page.getByRole('alert').innerText(), /not your current password/);
  await page.getByLabel('Current password').fill(MEMBER.password);
  await page.getByLabel('New password (required)', { exact: true }).fill('member-password-3');
  await page.getByLabel('New password again').fill('member-password-3');
  await submit(page, 'Change password');
  assert.match(await page.getByRole('status').innerText(), /password is changed/);
  MEMBER.password = 'member-password-3';
  assert.equal(await page.getByText('this one').count(), 1, 'still signed in here');
});

test('sign out everywhere else ends the other sessions', async () => {
  const page = await env.newPage();
  await login(page, env.base, MEMBER, '/settings/security');
  // A second session, as another browser would have, through the API.
  const r = await fetch(`${env.base}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'User-Agent': 'Other browser' },
    body: JSON.stringify({ email: MEMBER.email, password: MEMBER.password }),
  });
  assert.equal(r.status, 200);
  const cookie = r.headers.get('set-cookie').split(';')[0];
  await page.reload();
  assert.ok(await page.getByRole('cell', { name: 'Other browser', exact: true }).isVisible());
  await submit(page, 'Sign out everywhere else');
  assert.match(await page.getByRole('status').innerText(), /Every other session has ended/);
  assert.equal((await fetch(`${env.base}/api/v1/me`, { headers: { Cookie: cookie } })).status, 401);
  assert.equal(await page.getByRole('cell', { name: 'Other browser', exact: true }).count(), 0);
});

let adminSecret;
let lastStep = 0; // a code counts once: the last time step the tests used

// A code the server has not seen: the next step after the last one used,
// waiting for the clock when that is more than a step ahead. The server takes
// the steps before, at and after its own; the step before is used only early
// in the current one, so the code cannot age out between here and the server
// (under the sanitizers a page post can take seconds).
async function freshCode() {
  const now = Date.now() / 30000;
  const early = now - Math.floor(now) < 0.5;
  let step = Math.max(lastStep + 1, Math.floor(now) - (early ? 1 : 0));
  while (step > Math.floor(Date.now() / 30000) + 1)
    await new Promise((ok) => setTimeout(ok, 1000));
  lastStep = step;
  return totp(adminSecret, step * 30);
}

test('two-factor sign-in: set up with the QR code, then asked for at login', async () => {
  const page = await env.newPage();
  await login(page, env.base, ADMIN, '/settings/two-factor');
  await submit(page, 'Set up two-factor sign-in');
  assert.ok(await page.getByRole('img', { name: 'QR code of your two-factor secret' }).isVisible());
  const svg = await page.locator('svg.qr path').getAttribute('d');
  assert.match(svg, /^M\d+ \d+h\d+v1h-\d+z/);
  adminSecret = (await page.locator('code.secret').innerText()).trim();
  await page.getByLabel('Code from the app').fill('000000');
  await page.getByLabel('Your password').fill(ADMIN.password);
  let resp = await submit(page, 'Turn two-factor sign-in on');
  assert.equal(resp.status(), 422);
  await page.getByLabel('Code from the app').fill(await freshCode());
  await page.getByLabel('Your password').fill(ADMIN.password);
  await submit(page, 'Turn two-factor sign-in on');
  assert.match(await page.getByRole('status').innerText(), /Two-factor sign-in is on/);
  assert.equal(await page.locator('ul.codes li').count(), 10);
  await logout(page);

  await page.goto(`${env.base}/login`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await submit(page, 'Log in');
  assert.equal(await page.getByRole('heading', { name: 'Two-factor sign-in' }).count(), 1);
  await page.getByLabel('Code').fill('123456');
  resp = await submit(page, 'Log in');
  assert.equal(resp.status(), 401);
  assert.match(await page.getByRole('alert').innerText(), /not right/);
  await page.getByLabel('Code').fill(await freshCode());
  await submit(page, 'Log in');
  assert.equal(new URL(page.url()).pathname, '/');
});

async function loginWithCode(page, who, next = '/') {
  await page.goto(`${env.base}/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await submit(page, 'Log in');
  await page.getByLabel('Code').fill(await freshCode());
  await submit(page, 'Log in');
}

test('people administration and the audit log', async () => {
  // Someone imported without a password waits for an invitation.
  mentord(env.db, ['user', 'add', '--email', 'paul.pending@example.com', '--name', 'Paul Pending']);
  const page = await env.newPage();
  await loginWithCode(page, ADMIN, '/people');
  await page.getByLabel('Status').selectOption('invited');
  await submit(page, 'Filter');
  assert.ok(await page.getByRole('link', { name: 'Paul Pending' }).isVisible());
  assert.equal(await page.getByRole('link', { name: MEMBER.name }).count(), 0, 'active people are filtered out');
  await submit(page, 'Send again to Paul Pending');
  assert.match(await page.getByRole('status').first().innerText(), /invitation is on its way/);

  // The member's page: role, deactivate, reactivate.
  await page.goto(`${env.base}/people?q=${encodeURIComponent(MEMBER.email)}`);
  await page.getByRole('link', { name: MEMBER.name }).click();
  await page.getByLabel('Role').selectOption('manager');
  await submit(page, 'Change the role');
  assert.match(await page.getByRole('status').innerText(), /role is changed/);
  await submit(page, 'Deactivate');
  assert.match(await page.getByRole('status').innerText(), /deactivated/);
  await submit(page, 'Reactivate');
  assert.match(await page.getByRole('status').innerText(), /active again/);

  // The audit log, by person and by action, and as CSV.
  await page.getByRole('link', { name: 'This person in the audit log' }).click();
  const rows = await page.locator('tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => /user\.role/.test(r)), rows.join('\n'));
  assert.ok(rows.some((r) => /user\.deactivate/.test(r)));
  assert.ok(rows.some((r) => /user\.reactivate/.test(r)));
  await page.goto(`${env.base}/admin/audit`);
  await page.getByLabel('Action').selectOption('invitation.');
  await submit(page, 'Filter');
  const inv = await page.locator('tbody tr').allInnerTexts();
  assert.ok(inv.length >= 3 && inv.every((r) => /invitation\./.test(r)), inv.join('\n'));
  const href = await page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href');
  const csv = await page.request.get(`${env.base}${href}`);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /text\/csv/);
  const text = await csv.text();
  assert.match(text, /^id,at,actor_id,actor_name,action,object_type,object_id,detail\r\n/);
  assert.ok(!/user\.role/.test(text), 'the CSV has the same filter');
  assert.match(text, /invitation\.send/);
});

test('the organisation can require two-factor of managers', async () => {
  const page = await env.newPage();
  await loginWithCode(page, ADMIN, '/admin/security');
  await page.getByLabel('Require it of administrators and program managers').check();
  await submit(page, 'Save');
  assert.match(await page.getByRole('status').innerText(), /saved/);
  await logout(page);
  // The member became a manager above: now sent to the setup.
  await login(page, env.base, MEMBER, '/programs');
  assert.equal(new URL(page.url()).pathname, '/settings/two-factor');
  assert.match(await page.getByRole('alert').innerText(), /requires two-factor sign-in/);
  await page.goto(`${env.base}/programs`);
  assert.equal(new URL(page.url()).pathname, '/settings/two-factor', 'every other page waits');
  await logout(page);
});

test('no page broke the Content-Security-Policy', () => {
  assert.deepEqual(cspErrors, []);
});
