// Every page, for every role, at 1280 px and at 390 px: a crawler logs in as
// the demo organisation's administrator, program manager, mentor and mentee
// (mentord demo, plus a draft match run), follows every link of the pages
// it reaches (one page per route shape, GET only), and on each page asserts
// that axe-core finds no violation of any impact, that at 390 px the
// document is no wider than the viewport and the header is one line, and
// that nothing breaks the Content-Security-Policy.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';
import { DEMO, login, start } from './harness.js';
import { axeViolations, phoneProblems } from './a11y.js';

const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';
const MAX_PAGES = 80;
let env, browser;
const cspErrors = [];

async function api(page, method, path, data) {
  const me = await page.request.get(`${env.base}/api/v1/me`);
  const csrf = (await me.json()).csrf_token;
  const r = await page.request.fetch(`${env.base}${path}`, { method, data, headers: { 'X-CSRF-Token': csrf } });
  const body = await r.json().catch(() => null);
  if (r.status() >= 400)
    throw new Error(`${method} ${path}: ${r.status()} ${JSON.stringify(body)}`);
  return body;
}

before(async () => {
  env = await start({ demo: true });
  browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  // A draft match run to review, so the run's page is part of the sweep.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, env.base, DEMO.manager);
  await api(page, 'POST', '/api/v1/programs/1/match-runs', { algorithm: 'optimal' });
  await ctx.close();
});

after(async () => {
  if (browser)
    await browser.close();
  if (env)
    await env.close();
});

// The route shape of a URL: ids become {id}, the query is dropped, so each
// kind of page is checked once per role.
function shape(url) {
  const u = new URL(url);
  return u.pathname.replace(/\/\d+(?=\/|$)/g, '/{id}');
}

function wanted(url) {
  const u = new URL(url);
  if (u.origin !== env.base)
    return false;
  return !/^\/(api|static|calendar|logout)(\/|$)/.test(u.pathname) && !/\.(ics|csv|json)$/.test(u.pathname);
}

async function sweep(role) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  ctx.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text()))
      cspErrors.push(`${role}: ${msg.text()}`);
  });
  const page = await ctx.newPage();
  await login(page, env.base, DEMO[role]);
  const queue = [`${env.base}/`];
  const seen = new Set();
  const problems = [];
  let visited = 0;
  while (queue.length && visited < MAX_PAGES) {
    const url = queue.shift();
    const key = shape(url);
    if (seen.has(key))
      continue;
    seen.add(key);
    await page.setViewportSize({ width: 1280, height: 900 });
    const resp = await page.goto(url);
    visited++;
    const path = new URL(url).pathname;
    if (resp.status() >= 500)
      problems.push(`${path}: status ${resp.status()}`);
    for (const v of await axeViolations(page))
      problems.push(`${path} at 1280: ${v}`);
    const headerHeight = await page.evaluate(() => document.querySelector('.site-header').getBoundingClientRect().height);
    if (headerHeight > 72)
      problems.push(`${path} at 1280: the header takes ${Math.round(headerHeight)}px (more than one line)`);
    // Nothing in the header lies over anything else in it (a link running
    // under the inbox made the Log out button unclickable).
    const overlaps = await page.evaluate(() => {
      const boxes = [...document.querySelectorAll('.site-header a, .site-header button, .site-header summary, .site-header .account-name')]
        .map((e) => [e, e.getBoundingClientRect()]).filter(([, b]) => b.width > 0 && b.height > 0);
      const out = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [ea, a] = boxes[i], [eb, b] = boxes[j];
          if (ea.contains(eb) || eb.contains(ea))
            continue;
          if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1)
            out.push(`${ea.textContent.trim()} / ${eb.textContent.trim()}`);
        }
      return out;
    });
    for (const o of overlaps)
      problems.push(`${path} at 1280: header items overlap: ${o}`);
    const links = await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => a.href));
    for (const l of links)
      if (wanted(l) && !seen.has(shape(l)))
        queue.push(l.split('#')[0]);
    await page.setViewportSize({ width: 390, height: 844 });
    for (const p of await phoneProblems(page))
      problems.push(`${path} at 390: ${p}`);
    for (const v of await axeViolations(page))
      problems.push(`${path} at 390: ${v}`);
  }
  await ctx.close();
  return { problems, visited, shapes: [...seen] };
}

for (const role of ['admin', 'manager', 'mentor', 'mentee']) {
  test(`every page the ${role} reaches passes axe and fits a phone`, async () => {
    const { problems, visited, shapes } = await sweep(role);
    assert.ok(visited >= 8, `the ${role} reached only ${visited} pages: ${shapes.join(' ')}`);
    assert.deepEqual(problems, [], `${problems.length} problems:\n${problems.join('\n')}`);
  });
}

test('no page broke the Content-Security-Policy', () => {
  assert.deepEqual(cspErrors, []);
});
