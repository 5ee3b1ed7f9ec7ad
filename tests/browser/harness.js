// The browser tests' harness: starts a real mentord on a free loopback port
// with a fresh SQLite file in a temp dir, and Debian's Chromium through
// playwright-core with a fresh profile. Everything is torn down by PID and
// the temp dirs are removed.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const MENTORD = process.env.MENTORD_BIN || resolve(here, '../../build/mentord');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

export const ADMIN = { email: 'admin@example.com', name: 'Ada Admin', password: 'admin-password-1' };
export const MEMBER = { email: 'member@example.com', name: 'Milo Member', password: 'member-password-1' };

const env = { ...process.env, MENTORD_PW_COST: 'min' };

function run(args, input) {
  const r = spawnSync(MENTORD, args, { input, env, encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`mentord ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.error || ''}`);
  return r.stdout;
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

async function waitHealthy(base, child, log) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`mentord exited with ${child.exitCode}: ${log.join('')}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok)
        return;
    } catch {
      /* not listening yet */
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`mentord did not become healthy: ${log.join('')}`);
}

function stop(child) {
  if (!child || child.exitCode !== null)
    return Promise.resolve();
  return new Promise((ok) => {
    const force = setTimeout(() => process.kill(child.pid, 'SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      ok();
    });
    process.kill(child.pid, 'SIGTERM');
  });
}

// Rows of a query on the test's database, through the sqlite3 command (one
// line per row, columns separated by |): what mail the outbox holds, for one.
export function sql(db, query) {
  const r = spawnSync('sqlite3', [db, query], { encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`sqlite3 failed: ${r.stderr}${r.error || ''}`);
  return r.stdout;
}

// Runs a mentord command on the test's database; its standard output.
export function mentord(db, args, input) {
  return run([...args, '--db', db], input);
}

// The demo organisation's logins (mentord demo), one per role.
export const DEMO = {
  admin: { email: 'admin@demo.mentord.test', password: 'mentord-demo' },
  manager: { email: 'manager@demo.mentord.test', password: 'mentord-demo' },
  mentor: { email: 'mentor@demo.mentord.test', password: 'mentord-demo' },
  mentee: { email: 'mentee@demo.mentord.test', password: 'mentord-demo' },
};

// Starts the server and the browser; returns { base, db, context, newPage, close, serverLog }.
// With { demo: true } the database is `mentord demo`'s organisation
// (logins in DEMO) instead of an administrator and one member; opts.env
// adds to the server's environment (MENTORD_NOTIFY_JOB_INTERVAL, say).
export async function start(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mentord-browser-'));
  const db = join(dir, 't.db');
  if (opts.demo) {
    run(['demo', '--db', db]);
  } else {
    run(['init', '--db', db, '--admin-email', ADMIN.email, '--admin-name', ADMIN.name, '--password-stdin'],
      `${ADMIN.password}\n`);
    run(['user', 'add', '--db', db, '--email', MEMBER.email, '--name', MEMBER.name, '--role', 'member',
      '--password-stdin'], `${MEMBER.password}\n`);
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const log = [];
  const server = spawn(MENTORD, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--no-access-log'],
    { env: { ...env, ...(opts.env || {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.on('data', (d) => log.push(String(d)));
  server.stderr.on('data', (d) => log.push(String(d)));
  let context;
  const profileDir = mkdtempSync(join(tmpdir(), 'mentord-chromium-'));
  try {
    await waitHealthy(base, server, log);
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      viewport: { width: 1280, height: 900 },
    });
  } catch (e) {
    await stop(server);
    rmSync(dir, { recursive: true, force: true });
    rmSync(profileDir, { recursive: true, force: true });
    throw e;
  }
  if (process.env.MENTORD_RECORD_DIR)
    record(context, base, process.env.MENTORD_RECORD_DIR);
  return {
    base,
    db,
    context,
    serverLog: () => log.join(''),
    // A page with no cookies: every test starts logged out.
    async newPage() {
      await context.clearCookies();
      for (const p of context.pages())
        await p.close();
      return context.newPage();
    },
    async close() {
      await context.close().catch(() => {});
      await stop(server);
      rmSync(dir, { recursive: true, force: true });
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

// With MENTORD_RECORD_DIR set, every request the browser sends to the
// server is written there as fuzz/seeds.py reads it ("METHOD PATH", who
// logged in last, the content type and the answer's status on a line each,
// then the body), for the page fuzzer's seed corpus.
let loggedIn = '';
let recorded = 0;
function record(context, base, dir) {
  context.on('requestfinished', async (req) => {
    if (!req.url().startsWith(base))
      return;
    const resp = await req.response().catch(() => null);
    const url = new URL(req.url());
    const head = `${req.method()} ${url.pathname}${url.search}\n${loggedIn}\n` +
      `${req.headers()['content-type'] || ''}\n${resp ? resp.status() : 0}\n`;
    writeFileSync(join(dir, `browser-${process.pid}-${recorded++}.req`),
      Buffer.concat([Buffer.from(head), req.postDataBuffer() || Buffer.alloc(0)]));
  });
}

// Logs in through the form; ends on the page the login redirects to.
export async function login(page, base, who, next = '') {
  loggedIn = who.email;
  await page.goto(`${base}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Log in' }).click()]);
}
