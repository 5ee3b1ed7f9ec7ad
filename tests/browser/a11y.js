// Accessibility and phone checks shared by the browser tests: axe-core (from
// npm, node_modules/axe-core) evaluated in the page through the DevTools
// protocol, so the page's strict Content-Security-Policy stays as it is and
// no script is ever served by mentord; and the phone layout rules (the
// document never wider than the viewport, the header on one line).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

// axe's violations on the page, every rule axe runs by default (WCAG A and
// AA and best practices), each as "rule (impact): target, target".
export async function axeViolations(page) {
  const has = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!has)
    await page.evaluate(AXE);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
  return found.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.targets.join(', ')}`);
}

// What breaks the phone layout at the page's current viewport: a document
// wider than the viewport (something scrolls sideways), the elements that
// stick out, and a header taller than one line.
export async function phoneProblems(page) {
  return page.evaluate(() => {
    const out = [];
    const vw = document.documentElement.clientWidth;
    const w = document.documentElement.scrollWidth;
    if (w > vw) {
      const wide = [];
      for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.right > vw + 1 && r.width > 0 && !el.closest('.table-wrap, details:not([open])')) {
          const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
            (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
          wide.push(`${name} (${Math.round(r.right)})`);
          if (wide.length >= 4)
            break;
        }
      }
      out.push(`document is ${w}px wide at ${vw}px: ${wide.join(', ')}`);
    }
    const header = document.querySelector('.site-header');
    if (header && header.getBoundingClientRect().height > 72)
      out.push(`header is ${Math.round(header.getBoundingClientRect().height)}px tall`);
    return out;
  });
}
