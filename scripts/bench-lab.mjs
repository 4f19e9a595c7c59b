// npm run bench:lab — the lab page in Chromium, on the production build (targets from the labs issue):
//  - navigation to a terminal that accepts a command (the worker's cluster booted and xterm drawn): < 1 s;
//  - command to output (sent to the worker → its exit received) for `kubectl get pods -A` with 1,000 pods: p95 < 50 ms;
//  - keystroke to echo (xterm parsed it and the next frame painted): < 16 ms;
//  - main-thread long tasks while a five-member cluster runs at 10x: none over 50 ms;
//  - first-load JS of the lab page (gzip -9) before the engine and terminal chunks: < 130 kB; and those chunks' sizes,
//    beside the site's shell (the not-found page: the header and no lab) and the framework's floor: an empty Next.js
//    app with our next and react (scripts/bench-floor.mjs; --no-floor skips its build);
//  - a burst of output (50,000 lines, 1.2 MB) through the flow-controlled terminal: time to the last line on
//    screen, and how long the worker was told to wait.
// Figures are printed and written to bench-results/lab.json; nothing here asserts.
//
// Options: --no-build (reuse .next), --runs N (cold loads for the start time, default 5), --no-floor.
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { chromium } from "@playwright/test";
import { emptyNextAppKb } from "./bench-floor.mjs";
import { buildUnlessReused, startBenchServer } from "./bench-server.mjs";
import { chromiumLaunchOptions } from "./chromium.mjs";

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option("--runs", 5);
buildUnlessReused(args);
const { base: BASE, stop: stopServer } = await startBenchServer(3201, "bench-lab");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];
const browser = await chromium.launch(chromiumLaunchOptions);

async function openLab(slug, init) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  page.on("pageerror", (e) => console.error(`page error on ${slug}: ${e.message}`));
  const scripts = [];
  page.on("response", (response) => {
    if (/\.js(\?|$)/.test(response.url()))
      scripts.push(
        response
          .body()
          .then((b) => ({ url: response.url(), body: b }))
          .catch(() => null),
      );
  });
  await page.goto(`${BASE}/en/labs/${slug}`);
  try {
    await page.locator('[data-testid="lab-workbench"][data-ready="true"]').waitFor({ timeout: 30_000 });
  } catch (error) {
    console.error(
      slug,
      await page.getByTestId("lab-workbench").getAttribute("data-ready"),
      await page.evaluate(() => performance.getEntriesByType("mark").map((m) => m.name)),
    );
    throw error;
  }
  await page.getByTestId("terminal-0").locator(".xterm-rows").waitFor();
  return { context, page, scripts };
}

async function typeLine(page, line) {
  await page.getByTestId("terminal-0").click();
  await page.keyboard.type(line);
  await page.keyboard.press("Enter");
}

const measures = (page, name) => page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.duration), name);

try {
  // Warm the server (the lab's MDX compiles on first request).
  await fetch(`${BASE}/en/labs/sandbox`);
  const report = { date: new Date().toISOString() };

  // 1. Navigation to a terminal that accepts a command, cold loads.
  const starts = [];
  let bundle;
  for (let i = 0; i < RUNS; i++) {
    const { context, page, scripts } = await openLab("etcdctl-basics");
    starts.push(
      await page.evaluate(() =>
        Math.max(...["lab:ready", "lab:terminal-0"].map((m) => performance.getEntriesByName(m)[0]?.startTime ?? Infinity)),
      ),
    );
    if (!bundle) {
      await page.waitForLoadState("networkidle");
      const files = (await Promise.all(scripts)).filter(Boolean);
      // The page's own resource timeline lists what the main thread fetched; the worker's fetches are not in it.
      const mainThread = new Set(await page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name)));
      const kind = (f) =>
        f.url.includes("/lab-engine.js") || !mainThread.has(f.url)
          ? "engine"
          : f.body.includes("xterm-helper-textarea")
            ? "terminal"
            : "page";
      bundle = { page: 0, engine: 0, terminal: 0, files: files.length };
      for (const f of files) bundle[kind(f)] += gzipSync(f.body, { level: 9 }).length;
    }
    await context.close();
  }
  report.readyMs = { median: Math.round(median(starts)), max: Math.round(Math.max(...starts)), runs: RUNS };
  report.bundleKb = Object.fromEntries(Object.entries(bundle).map(([k, v]) => [k, k === "files" ? v : +(v / 1024).toFixed(1)]));

  // 2. Command to output with 1,000 pods, and keystroke echo.
  {
    const { context, page } = await openLab("big-cluster");
    await page.getByLabel("Speed").selectOption("100");
    await typeLine(page, "kubectl create deployment load --image=nginx --replicas=1000");
    await page.waitForFunction(
      () =>
        /Running (\d+)/.test(document.querySelector('[data-testid="pod-counts"]')?.textContent ?? "") &&
        Number(/Running (\d+)/.exec(document.querySelector('[data-testid="pod-counts"]').textContent)[1]) >= 1000,
      null,
      { timeout: 300_000 },
    );
    await page.getByLabel("Speed").selectOption("1");
    await page.evaluate(() => performance.clearMeasures());
    for (let i = 0; i < 20; i++) {
      await typeLine(page, "kubectl get pods -A | wc -l");
      await page.waitForFunction((n) => performance.getEntriesByName("lab:command").length >= n, i + 1);
    }
    const commands = await measures(page, "lab:command");
    const echoes = await measures(page, "lab:echo");
    report.commandMs = { p50: +percentile(commands, 50).toFixed(1), p95: +percentile(commands, 95).toFixed(1), samples: commands.length };
    report.echoMs = { p50: +percentile(echoes, 50).toFixed(1), p95: +percentile(echoes, 95).toFixed(1), samples: echoes.length };
    await context.close();
  }

  // 2b. The site's shell: Next's runtime, React and the header, on the not-found page.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    const bodies = [];
    page.on("response", (r) => {
      if (/\.js(\?|$)/.test(r.url())) bodies.push(r.body().catch(() => Buffer.alloc(0)));
    });
    await page.goto(`${BASE}/en/no-such-page`);
    await page.waitForLoadState("networkidle");
    const sizes = (await Promise.all(bodies)).map((b) => gzipSync(b, { level: 9 }).length);
    report.siteShellKb = +(sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(1);
    await context.close();
  }
  // The floor under both: an empty Next.js app.
  report.emptyNextApp = args.includes("--no-floor") ? { error: "skipped (--no-floor)" } : await emptyNextAppKb(browser, 3202);

  // 2c. A burst of output: xterm draws it while the worker waits (flow control).
  {
    const { context, page } = await openLab("sandbox", () => {
      window.__flow = [];
      const post = Worker.prototype.postMessage;
      Worker.prototype.postMessage = function (m, ...rest) {
        if (m && m.type === "flow") window.__flow.push({ at: performance.now(), paused: m.paused });
        return post.call(this, m, ...rest);
      };
    });
    const started = await page.evaluate(() => performance.now());
    await typeLine(page, "printf 'line %s of the burst\\n' {1..50000}");
    await page.waitForFunction(
      () => document.querySelector('[data-testid="terminal-0"] .xterm-rows')?.textContent?.includes("line 50000 of"),
      null,
      {
        timeout: 60_000,
      },
    );
    const ended = await page.evaluate(() => performance.now());
    const flow = await page.evaluate(() => window.__flow);
    let waitedMs = 0;
    for (let i = 0; i < flow.length; i++) if (flow[i].paused && flow[i + 1]) waitedMs += flow[i + 1].at - flow[i].at;
    report.burst = {
      lines: 50_000,
      drawnMs: Math.round(ended - started),
      pauses: flow.filter((f) => f.paused).length,
      waitedMs: Math.round(waitedMs),
    };
    await context.close();
  }

  // 3. Long tasks on the main thread while five members run at 10x (the sizing lab has five).
  {
    const { context, page } = await openLab("sizing", () => {
      window.__longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => window.__longTasks.push(e.duration))).observe({
        type: "longtask",
      });
    });
    await page.getByLabel("Speed").selectOption("10");
    await page.evaluate(() => (window.__longTasks = []));
    await typeLine(page, "etcdctl endpoint status --cluster -w table");
    await page.waitForTimeout(10_000);
    const tasks = await page.evaluate(() => window.__longTasks);
    report.longTasksAt10x = { count: tasks.length, maxMs: Math.round(Math.max(0, ...tasks)), wallSeconds: 10 };
    await context.close();
  }

  console.log("\nLab benchmark (Chromium, production build)");
  console.log(
    `navigation → terminal ready     median ${report.readyMs.median} ms, max ${report.readyMs.max} ms (${RUNS} cold loads)   target < 1000 ms`,
  );
  console.log(
    `command → output, get pods -A   p50 ${report.commandMs.p50} ms, p95 ${report.commandMs.p95} ms (1,000+ pods, ${report.commandMs.samples} runs)   target p95 < 50 ms`,
  );
  console.log(`keystroke → echo painted        p50 ${report.echoMs.p50} ms, p95 ${report.echoMs.p95} ms   target < 16 ms`);
  console.log(
    `long tasks, 5 members at 10x    ${report.longTasksAt10x.count} over 50 ms (longest ${report.longTasksAt10x.maxMs} ms) in 10 s   target none`,
  );
  console.log(
    `lab page JS (gzip)              page ${report.bundleKb.page} kB   target < 130 kB; worker (engine) ${report.bundleKb.engine} kB; terminal (xterm) ${report.bundleKb.terminal} kB`,
  );
  console.log(
    `site shell (gzip)               ${report.siteShellKb} kB: the not-found page, i.e. Next's runtime, React and the site's header`,
  );
  console.log(
    `empty Next.js app (gzip)        ${report.emptyNextApp.kb !== undefined ? `${report.emptyNextApp.kb} kB: the same next and react, one page, no component of ours` : report.emptyNextApp.error}`,
  );
  console.log(
    `burst of 50,000 lines (1.2 MB)   on screen after ${report.burst.drawnMs} ms; the worker waited ${report.burst.waitedMs} ms over ${report.burst.pauses} pause(s)`,
  );
  mkdirSync("bench-results", { recursive: true });
  writeFileSync("bench-results/lab.json", JSON.stringify(report, null, 2));
  console.log("written: bench-results/lab.json");
} finally {
  await browser.close();
  stopServer();
}
