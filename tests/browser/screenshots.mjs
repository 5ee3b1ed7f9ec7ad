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
  // The run's review before it is published (issue 13, match review).
  const review = [
    [`/programs/1/matching/runs/${run.id}`, 'match-review'],
    [`/programs/1/matching/runs/${run.id}/publish`, 'match-publish'],
  ];
  for (const [path, name] of review)
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.goto(`${env.base}${path}`);
      await page.screenshot({ path: `${out}/${name}-${w}.png` });
    }
  await page.request.fetch(`${env.base}/api/v1/match-runs/${run.id}/publish`, { method: 'POST', headers: { 'X-CSRF-Token': csrf } });
  await page.request.fetch(`${env.base}/api/v1/relationships/1/manager-messages`, { method: 'POST',
    data: { body: 'How is it going? Tell me if something gets in the way.' }, headers: { 'X-CSRF-Token': csrf } });
  await page.request.fetch(`${env.base}/api/v1/relationships/1/manager-notes`, { method: 'POST',
    data: { body: 'Mentor travels a lot this quarter: check again in two weeks.' }, headers: { 'X-CSRF-Token': csrf } });
  // A program open for self-enrolment, for the join page.
  await page.request.fetch(`${env.base}/api/v1/programs`, { method: 'POST', headers: { 'X-CSRF-Token': csrf },
    data: { name: 'Leadership circle', description: 'Peer mentoring for new team leads.', starts_on: '2026-11-01',
      ends_on: '2027-06-30', matching: 'self', enrolment: { open_to: ['mentee', 'mentor'], mentor_seniority_min: 7 } } });
  const shots = [
    ['manager', '/', 'manager-dashboard'],
    ['manager', '/programs/1/dashboard', 'program-health'],
    ['manager', '/programs/1/report', 'program-report'],
    ['manager', '/relationships/1/step-in', 'step-in'],
    ['mentee', '/relationships/1/step-in', 'step-in-mentee'],
    ['manager', '/programs/1/edit', 'program-edit'],
    ['manager', '/programs/1/participants/import', 'import', importPreview],
    ['mentee', '/inbox', 'inbox'],
    ['mentee', '/enrol', 'enrol'],
    ['mentee', '/mentors', 'mentors'],
  ];
  // The import's preview: a small file checked (a POST), one row wrong.
  async function importPreview() {
    await page.getByRole('textbox', { name: 'The file' }).fill('email,role,capacity,name\n' +
      'new.hire@demo.mentord.test,mentee,,Nina New\nnext.hire@demo.mentord.test,mentor,2,Noah Next\n' +
      'mentee@demo.mentord.test,boss,,\n');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Check the file' }).click()]);
  }
  let who = 'manager';
  for (const [role, path, name, then] of shots) {
    if (role !== who) {
      await page.context().clearCookies();
      await login(page, env.base, DEMO[role]);
      who = role;
    }
    for (const [w, h] of [[1280, 800], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      await page.goto(`${env.base}${path}`);
      if (then)
        await then();
      await page.screenshot({ path: `${out}/${name}-${w}.png` });
    }
  }
} finally {
  await env.close();
}
