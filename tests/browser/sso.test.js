// Single sign-on through a real OpenID provider (npm's oidc-provider, see
// oidc_provider.mjs): the login page's "Sign in with Test ID", the first
// sign-in making the account just in time with its department and manager
// from the claims, a second one reusing it, a later one bringing a changed
// name and department along, and every answer mentord must
// refuse (wrong audience, bad signature, expired token, replayed nonce, a
// deactivated person, a state from another browser) refused with a page that
// says why. scripts/test.sh starts the provider (MENTORD_TEST_OIDC_ISSUER,
// MENTORD_TEST_SSO_PORT); run alone, this file starts its own.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { axeViolations } from './a11y.js';
import { ADMIN, freePort, MENTORD, mentord, sql, start, stop } from './harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLIENT_ID = 'mentord-tests';
const SECRET = 'test-client-secret';
let provider, issuer, app;

async function startProvider(port, redirect) {
  const child = spawn(process.execPath, [join(here, 'oidc_provider.mjs'), String(port), CLIENT_ID, SECRET, redirect],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  const log = [];
  child.stderr.on('data', (d) => log.push(String(d)));
  await new Promise((ok, fail) => {
    const t = setTimeout(() => fail(new Error(`the OpenID provider did not start: ${log.join('')}`)), 30000);
    child.stdout.on('data', (d) => {
      if (String(d).includes('listening')) {
        clearTimeout(t);
        ok();
      }
    });
    child.once('exit', (code) => fail(new Error(`the OpenID provider exited with ${code}: ${log.join('')}`)));
  });
  return child;
}

before(async () => {
  let port = Number(process.env.MENTORD_TEST_SSO_PORT || 0);
  issuer = process.env.MENTORD_TEST_OIDC_ISSUER;
  if (!issuer || !port) {
    port = await freePort();
    const pport = await freePort();
    provider = await startProvider(pport, `http://127.0.0.1:${port}/login/sso/callback`);
    issuer = `http://127.0.0.1:${pport}`;
  }
  app = await start({
    port,
    args: ['--set', `oidc_issuer=${issuer}`, '--set', `oidc_client_id=${CLIENT_ID}`,
      '--set', 'oidc_provider_name=Test ID', '--set', 'oidc_claim_department=department',
      '--set', 'oidc_claim_manager=manager_email', '--set', 'oidc_allowed_domains=example.org, example.com'],
    env: { MENTORD_OIDC_CLIENT_SECRET: SECRET },
  });
});

after(async () => {
  await app?.close();
  await stop(provider);
});

async function mode(m) {
  const r = await fetch(`${issuer}/__test/mode?set=${m}`);
  assert.equal(r.status, 200);
}

// From the login page through the provider's login form and back; returns
// the answer of mentord's callback (the page the browser ends on).
async function signIn(page, login, next = '') {
  await page.goto(`${app.base}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByRole('link', { name: 'Sign in with Test ID' }).click();
  await page.waitForURL((u) => u.href.startsWith(issuer));
  const callback = page.waitForResponse((r) => r.url().startsWith(`${app.base}/login/sso/callback`));
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('anything');
  await page.locator('button[type=submit]').click();
  const r = await callback;
  await page.waitForLoadState();
  return r;
}

test('the login page offers the provider, and the first sign-in makes the account just in time', async () => {
  const page = await app.newPage();
  await page.goto(`${app.base}/login`);
  assert.deepEqual(await axeViolations(page), []);
  const r = await signIn(page, 'grace.hopper@example.org/Research/admin@example.com', '/settings');
  assert.equal(r.status(), 303);
  assert.equal(new URL(page.url()).pathname, '/settings');
  const row = sql(app.db, "SELECT u.name, u.role, u.password_hash IS NULL, p.department, m.email FROM users u " +
    "JOIN profiles p ON p.user_id = u.id JOIN users m ON m.id = p.manager_id WHERE u.email = 'grace.hopper@example.org'");
  assert.equal(row.trim(), 'Grace Hopper|member|1|Research|admin@example.com');
  // No invitation mail for an account the provider vouches for.
  assert.equal(sql(app.db, "SELECT COUNT(*) FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.email = 'grace.hopper@example.org'").trim(), '0');
  const audit = sql(app.db, "SELECT action FROM audit_log ORDER BY id");
  assert.match(audit, /user\.create\nsso\.login/);
});

test('a second sign-in reuses the account', async () => {
  const page = await app.newPage();
  const r = await signIn(page, 'grace.hopper@example.org/Research/admin@example.com');
  assert.equal(r.status(), 303);
  assert.equal(sql(app.db, "SELECT COUNT(*) FROM users WHERE email = 'grace.hopper@example.org'").trim(), '1');
  assert.equal(sql(app.db, 'SELECT COUNT(*) FROM sso_identities').trim(), '1');
  assert.equal(sql(app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'sso.login'").trim(), '2');
  await page.goto(`${app.base}/`);
  await assert.doesNotReject(page.getByRole('button', { name: /log out/i }).first().waitFor({ timeout: 5000 }));
});

test('a returning person\'s name and department come from the provider again', async () => {
  const page = await app.newPage();
  const r = await signIn(page, 'grace.hopper@example.org/Engineering/admin@example.com/Grace B. Hopper');
  assert.equal(r.status(), 303);
  const row = sql(app.db, "SELECT u.name, p.department FROM users u JOIN profiles p ON p.user_id = u.id " +
    "WHERE u.email = 'grace.hopper@example.org'");
  assert.equal(row.trim(), 'Grace B. Hopper|Engineering');
  assert.equal(sql(app.db, "SELECT COUNT(*) FROM users WHERE email = 'grace.hopper@example.org'").trim(), '1');
  assert.match(sql(app.db, "SELECT detail FROM audit_log WHERE action = 'user.update' ORDER BY id DESC LIMIT 1"),
    /name Grace Hopper to Grace B\. Hopper, from Test ID/);
  await page.goto(`${app.base}/settings`);
  assert.match(await page.content(), /Grace B\. Hopper/);
});

test('a token signed with ES256 (a P-256 key of the provider\'s JWKS) signs in too', async () => {
  await mode('es256');
  try {
    const page = await app.newPage();
    const r = await signIn(page, 'lin.es@example.com');
    assert.equal(r.status(), 303);
    assert.equal(sql(app.db, "SELECT COUNT(*) FROM users WHERE email = 'lin.es@example.com'").trim(), '1');
  } finally {
    await mode('ok');
  }
});

const refusals = [
  ['wrong_aud', /meant for another application \(wrong audience\)/],
  ['bad_sig', /not signed by Test ID's keys \(bad signature\)/],
  ['expired', /has expired/],
  ['replay_nonce', /belongs to another sign-in \(nonce mismatch: a replayed answer\)/],
];
for (const [m, words] of refusals) {
  test(`a token with ${m} is refused with a page that says why`, async () => {
    await mode(m);
    try {
      const page = await app.newPage();
      const r = await signIn(page, 'ada@example.org');
      assert.equal(r.status(), 401);
      await assert.doesNotReject(page.getByRole('heading', { name: 'Single sign-on did not work' }).waitFor({ timeout: 5000 }));
      assert.match(await page.getByRole('alert').innerText(), words);
      assert.ok(await page.getByRole('link', { name: 'Sign in with Test ID again' }).isVisible());
      if (m === 'wrong_aud')
        assert.deepEqual(await axeViolations(page), []);
      assert.equal(sql(app.db, "SELECT COUNT(*) FROM users WHERE email = 'ada@example.org'").trim(), '0');
    } finally {
      await mode('ok');
    }
  });
}

test('an answer that names a sign-in started in another browser is refused', async () => {
  const page = await app.newPage();
  await page.goto(`${app.base}/login/sso/callback?code=x&state=forged`);
  assert.match(await page.getByRole('alert').innerText(), /not started in this browser/);
});

test('an address outside the allowed domains gets no account', async () => {
  const page = await app.newPage();
  const r = await signIn(page, 'eve@elsewhere.net');
  assert.equal(r.status(), 403);
  assert.match(await page.getByRole('alert').innerText(), /eve@elsewhere.net is not an address of this organisation/);
});

test('a deactivated person is refused, and the refusal is in the audit log', async () => {
  mentord(app.db, ['user', 'deactivate', '--email', 'grace.hopper@example.org']);
  const page = await app.newPage();
  const r = await signIn(page, 'grace.hopper@example.org');
  assert.equal(r.status(), 403);
  assert.match(await page.getByRole('alert').innerText(), /is deactivated/);
  assert.equal(sql(app.db, "SELECT COUNT(*) FROM audit_log WHERE action = 'sso.refused'").trim(), '1');
  assert.equal(sql(app.db, "SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'grace.hopper@example.org'").trim(), '0');
});

test('the administrator still logs in with a password beside single sign-on', async () => {
  const page = await app.newPage();
  await page.goto(`${app.base}/login`);
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Password').fill(ADMIN.password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Log in' }).click()]);
  assert.equal(new URL(page.url()).pathname, '/');
});

test('mentord sso check asks the provider and prints what to register', () => {
  const env = { ...process.env, MENTORD_OIDC_ISSUER: issuer, MENTORD_OIDC_CLIENT_ID: CLIENT_ID,
    MENTORD_OIDC_CLIENT_SECRET: SECRET, MENTORD_BASE_URL: 'https://mentoring.example.org/' };
  const r = spawnSync(MENTORD, ['sso', 'check'], { env, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /redirect URI +https:\/\/mentoring\.example\.org\/login\/sso\/callback/);
  assert.match(r.stdout, new RegExp(`token endpoint +${issuer}/token \\(secret sent as HTTP Basic\\)`));
  assert.match(r.stdout, /keys +.*: 2 signing keys/);
  assert.ok(!r.stdout.includes(SECRET) && !r.stderr.includes(SECRET), 'the secret is never printed');
  const bad = spawnSync(MENTORD, ['sso', 'check'], { env: { ...env, MENTORD_OIDC_ISSUER: 'http://idp.example.org' }, encoding: 'utf8' });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /is not https \(plain http is allowed only to a loopback address\)/);
});
