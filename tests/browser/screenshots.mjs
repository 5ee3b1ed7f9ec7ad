// Takes the screenshots of docs/screenshots/ (linked from the README): the
// workspace's pages at 1280 and 390 px, over the demo organisation, with the
// same Chromium as the browser tests. Not a test; run it by hand after a
// change to these pages:
//   MENTORD_BIN=build/mentord node tests/browser/screenshots.mjs
// Only the first screen of each page is taken, to keep the files small.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO, login, start } from './harness.js';

const out = resolve(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
mkdirSync(out, { recursive: true });
const env = await start({ demo: true });
try {
  const page = await env.newPage();
  await login(page, env.base, DEMO.manager);
  const me = await page.request.get(`${env.base}/api/v1/me`);
  const csrf = (await me.json()).csrf_token;
  const run = await (await page.request.fetch(`${env.base}/api/v1/programs/1/match-runs`,
    { method: 'POST', data: { algorithm: 'optimal' }, headers: { 'X-CSRF-Token': csrf } })).json();
  await page.request.fetch(`${env.base}/api/v1/match-runs/${run.id}/publish`, { method: 'POST', headers: { 'X-CSRF-Token': csrf } });
  const shots = [
    ['manager', '/', 'manager-dashboard'],
    ['manager', '/programs/1/dashboard', 'program-health'],
    ['manager', '/programs/1/report', 'program-report'],
    ['mentee', '/inbox', 'inbox'],
  ];
  let who = 'manager';
  for (const [role, path, name] of shots) {
    if (role !== who) {
      await page.context().clearCookies();
      await login(page, env.base, DEMO[role]);
      who = role;
    }
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.goto(`${env.base}${path}`);
      await page.screenshot({ path: `${out}/${name}-${w}.png` });
    }
  }
} finally {
  await env.close();
}
