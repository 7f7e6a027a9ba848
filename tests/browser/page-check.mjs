// The composed page in a real browser: Debian's Chromium driven by
// playwright-core, at a phone's width (375 px) and a desktop's (1280 px),
// and with the print stylesheet at the width of A4's text (170 mm).
// For each page and view:
//   - axe-core finds no violation (each one is listed with its id, impact
//     and the targets of its nodes; on screen only);
//   - the page never scrolls sideways (scrollWidth <= clientWidth), and no
//     text lies outside the viewport;
//   - no two pieces of text overlap;
//   - nothing is requested from outside the file.
//
//   node tests/browser/page-check.mjs PAGE.html... [--message MESSAGE.html...]
//
// The files after `--message` are the HTML parts of e-mails: a mail client
// shows them inside its own window, whose landmarks hold the message, so
// axe's rules that a page must have a `main` landmark and keep all its
// content in landmarks (landmark-one-main, region) do not apply to them;
// every other check does.
//
// Environment: SOLIDAIRE_BROWSER_MODULES, the node_modules folder that holds
// playwright-core and axe-core (`.ci/run` installs them); SOLIDAIRE_CHROMIUM,
// the browser (default /usr/bin/chromium; playwright never downloads one);
// SOLIDAIRE_SCREENSHOTS, a folder to write full-page screenshots into
// (optional). Exits 0 when every check passes, 1 with a report otherwise,
// 2 when something it needs is missing.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

// A4 is 210 mm wide and @page leaves 20 mm each side: 170 mm at 96 px per
// inch, about 643 px.
const VIEWS = [
  { name: "375 px", width: 375, media: "screen", axe: true },
  { name: "1280 px", width: 1280, media: "screen", axe: true },
  { name: "print", width: 643, media: "print", axe: false },
];
const HEIGHT = 800;
// Chromium as it runs on this machine: headless, as root, on a closed
// network (without the networking flags it keeps trying to reach Google).
const CHROMIUM_FLAGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

function fatal(message) {
  console.error(`page-check: ${message}`);
  process.exit(2);
}

const modules = process.env.SOLIDAIRE_BROWSER_MODULES;
if (!modules) {
  fatal("SOLIDAIRE_BROWSER_MODULES must name the node_modules folder holding playwright-core and axe-core: run .ci/run");
}
const require = createRequire(join(resolve(modules), "page-check.cjs"));
let chromium, axePath;
try {
  ({ chromium } = require("playwright-core"));
  axePath = require.resolve("axe-core/axe.min.js");
} catch (error) {
  fatal(`playwright-core or axe-core missing from ${modules}: ${error.message}`);
}
const executablePath = process.env.SOLIDAIRE_CHROMIUM || "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  fatal(`no browser at ${executablePath}: install Debian's chromium (.ci/run does)`);
}
// Each file, and whether it is an e-mail's HTML part.
const pages = [];
let messages = false;
for (const argument of process.argv.slice(2)) {
  if (argument === "--message") messages = true;
  else pages.push({ file: argument, message: messages });
}
if (pages.length === 0) fatal("usage: node page-check.mjs PAGE.html... [--message MESSAGE.html...]");
for (const { file } of pages) if (!existsSync(file)) fatal(`no such page: ${file}`);
// The page-level landmark rules, which a message inside a client's window
// does not answer to.
const PAGE_ONLY_RULES = ["landmark-one-main", "region"];
const screenshots = process.env.SOLIDAIRE_SCREENSHOTS;
if (screenshots) mkdirSync(screenshots, { recursive: true });

// Runs in the page: the geometry checks. Returns a list of problems.
function geometry() {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth) {
    problems.push(`horizontal scroll: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}`);
  }
  // The rectangles of every visible piece of text: one per line a text node
  // spans (a range's client rects are its line boxes' fragments).
  const describe = (node) => {
    const text = node.textContent.replace(/\s+/g, " ").trim();
    const short = text.length > 40 ? `${text.slice(0, 37)}…` : text;
    return `${node.parentElement.localName} « ${short} »`;
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const rects = [];
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim()) continue;
    const style = getComputedStyle(node.parentElement);
    if (style.visibility !== "visible" || style.display === "none") continue;
    range.selectNodeContents(node);
    for (const rect of range.getClientRects()) {
      if (rect.width < 0.5 || rect.height < 0.5) continue;
      // Page coordinates, so that the whole page is compared, not only
      // what is scrolled into view.
      rects.push({
        node,
        left: rect.left + window.scrollX,
        right: rect.right + window.scrollX,
        top: rect.top + window.scrollY,
        bottom: rect.bottom + window.scrollY,
      });
    }
  }
  const width = root.clientWidth;
  for (const r of rects) {
    if (r.left < -1 || r.right > width + 1) {
      problems.push(
        `text outside the viewport (x ${r.left.toFixed(1)} to ${r.right.toFixed(1)}, width ${width}): ${describe(r.node)}`,
      );
    }
  }
  // Two rectangles of different text nodes overlap when they share more
  // than a pixel both across and down. Neighbours on one line only touch
  // (a range's rectangle is its advance, not its ink), and lines one below
  // the other share nothing as long as the line height is at least the
  // font's height, so a real overlap is what is left.
  const TOLERANCE = 1;
  rects.sort((a, b) => a.top - b.top);
  for (let i = 0; i < rects.length; i++) {
    const a = rects[i];
    for (let j = i + 1; j < rects.length && rects[j].top < a.bottom - TOLERANCE; j++) {
      const b = rects[j];
      if (a.node === b.node) continue;
      const across = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const down = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (across > TOLERANCE && down > TOLERANCE) {
        problems.push(
          `overlapping text (${across.toFixed(1)} × ${down.toFixed(1)} px): ${describe(a.node)} and ${describe(b.node)}`,
        );
      }
    }
  }
  return problems;
}

const userDataDir = mkdtempSync(join(tmpdir(), "solidaire-chromium-"));
let failures = 0;
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: VIEWS[0].width, height: HEIGHT },
    deviceScaleFactor: 1,
    offline: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  // Nothing may leave the file: no external request (README.md#the-html).
  const requests = [];
  page.on("request", (request) => {
    if (!request.url().startsWith("file:")) requests.push(request.url());
  });
  for (const { file, message } of pages) {
    const url = pathToFileURL(resolve(file)).href;
    for (const view of VIEWS) {
      requests.length = 0;
      await page.setViewportSize({ width: view.width, height: HEIGHT });
      await page.emulateMedia({ media: view.media });
      await page.goto(url, { waitUntil: "load" });
      const problems = await page.evaluate(geometry);
      if (view.axe) {
        await page.addScriptTag({ path: axePath });
        const disabled = message ? PAGE_ONLY_RULES : [];
        const violations = await page.evaluate(async (disabled) => {
          const rules = Object.fromEntries(disabled.map((id) => [id, { enabled: false }]));
          const results = await window.axe.run(document, { resultTypes: ["violations"], rules });
          return results.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            targets: v.nodes.map((n) => n.target.join(" ")),
          }));
        }, disabled);
        for (const v of violations) {
          problems.push(`axe ${v.id} (${v.impact}): ${v.help}\n      ${v.targets.join("\n      ")}`);
        }
      }
      for (const request of requests) problems.push(`external request: ${request}`);
      if (screenshots) {
        const name = `${basename(file, ".html")}-${view.name.replace(" ", "")}.png`;
        await page.screenshot({ path: join(screenshots, name), fullPage: true });
      }
      if (problems.length) {
        failures += problems.length;
        console.log(`FAIL ${file} (${view.name}):`);
        for (const problem of problems) console.log(`  - ${problem}`);
      } else {
        console.log(`ok   ${file} (${view.name})`);
      }
    }
  }
} catch (error) {
  console.error(`page-check: ${error.stack || error}`);
  failures += 1;
} finally {
  if (context) await context.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
if (failures) {
  console.log(`${failures} problem(s) found in the browser`);
  process.exit(1);
}
