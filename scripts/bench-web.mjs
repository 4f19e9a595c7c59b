// npm run bench:web — builds the app, serves the production build, and prints:
//  - first-load JS of the home and lesson pages: every script the page loads, gzip -9;
//  - the lesson page's Largest Contentful Paint and long tasks (Total Blocking Time),
//    measured in Chromium by Playwright, median of several cold loads.
// Targets (from the web foundation issue): JS < 130 kB gzip, LCP < 1.0 s, no task > 50 ms.
// Figures are printed and written to bench-results/web.json; nothing here asserts.
//
// Options: --no-build (reuse .next), --runs N (default 7), --cpu-throttle N (CDP CPU slowdown, default 1).
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { buildUnlessReused, startBenchServer } from "./bench-server.mjs";
import { chromiumLaunchOptions } from "./chromium.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option("--runs", 7);
const CPU_THROTTLE = option("--cpu-throttle", 1);
const PAGES = { home: "/en", "lesson (ru)": "/ru/lessons/etcd", "lesson (en)": "/en/lessons/etcd" };
const TARGETS = { firstLoadKb: 130, lcpMs: 1000, longTaskMs: 50 };

buildUnlessReused(args);
const { base: BASE, stop: stopServer } = await startBenchServer(3200, "bench");

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const browser = await chromium.launch(chromiumLaunchOptions);

/** All scripts a cold load of `path` fetches, with their gzip -9 sizes. */
async function firstLoadJs(path) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const scripts = new Map();
  page.on("response", async (response) => {
    if (response.request().resourceType() !== "script") return;
    scripts.set(
      response.url(),
      response.body().then((b) => gzipSync(b, { level: 9 }).length),
    );
  });
  await page.goto(BASE + path, { waitUntil: "networkidle" });
  const sizes = await Promise.all(scripts.values());
  await context.close();
  return { files: sizes.length, gzipBytes: sizes.reduce((a, b) => a + b, 0) };
}

/** LCP and long tasks of one cold load. */
async function vitals(path) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  if (CPU_THROTTLE > 1) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: CPU_THROTTLE });
  }
  await page.addInitScript(() => {
    window.__vitals = { lcp: 0, longTasks: [] };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__vitals.lcp = entry.startTime;
    }).observe({ type: "largest-contentful-paint", buffered: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__vitals.longTasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  await page.goto(BASE + path, { waitUntil: "networkidle" });
  await page.waitForTimeout(500);
  // LCP is final once the page is interacted with or hidden; read it now.
  const result = await page.evaluate(() => window.__vitals);
  await context.close();
  const maxTask = Math.max(0, ...result.longTasks);
  const tbt = result.longTasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
  return { lcpMs: result.lcp, maxLongTaskMs: maxTask, longTasks: result.longTasks.length, tbtMs: tbt };
}

try {
  // Warm up: the first request compiles the lesson MDX; a visitor after a deploy sees that once.
  for (const path of Object.values(PAGES)) await fetch(BASE + path);

  const report = { date: new Date().toISOString(), runs: RUNS, cpuThrottle: CPU_THROTTLE, targets: TARGETS, pages: {} };
  for (const [name, path] of Object.entries(PAGES)) {
    const js = await firstLoadJs(path);
    const samples = [];
    for (let i = 0; i < RUNS; i++) samples.push(await vitals(path));
    report.pages[name] = {
      path,
      firstLoadJsKb: +(js.gzipBytes / 1024).toFixed(1),
      scripts: js.files,
      lcpMs: Math.round(median(samples.map((s) => s.lcpMs))),
      maxLongTaskMs: Math.round(Math.max(...samples.map((s) => s.maxLongTaskMs))),
      tbtMs: Math.round(median(samples.map((s) => s.tbtMs))),
    };
  }

  const ok = (value, limit) => (value < limit ? "ok" : "OVER");
  console.log(`\nWeb benchmark (${RUNS} cold loads per page, median; CPU throttle ${CPU_THROTTLE}x)`);
  console.log("page          first-load JS (gzip)   LCP        longest task   TBT");
  for (const [name, r] of Object.entries(report.pages)) {
    console.log(
      `${name.padEnd(13)} ${`${r.firstLoadJsKb} kB (${r.scripts} files)`.padEnd(20)} ${ok(r.firstLoadJsKb, TARGETS.firstLoadKb).padEnd(4)} ` +
        `${`${r.lcpMs} ms`.padEnd(8)} ${ok(r.lcpMs, TARGETS.lcpMs).padEnd(4)} ${`${r.maxLongTaskMs} ms`.padEnd(8)} ${ok(r.maxLongTaskMs, TARGETS.longTaskMs + 1).padEnd(5)} ${r.tbtMs} ms`,
    );
  }
  console.log(`targets: first-load JS < ${TARGETS.firstLoadKb} kB, LCP < ${TARGETS.lcpMs} ms, no long task over ${TARGETS.longTaskMs} ms`);
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/web.json", JSON.stringify(report, null, 2));
  console.log("written: bench-results/web.json");
} finally {
  await browser.close();
  stopServer();
}
