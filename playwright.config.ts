import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./scripts/chromium.mjs";

// End-to-end tests run against the production build (`npm run build` first) with
// Debian's Chromium: Playwright's own browser download does not work offline.
const port = Number(process.env.E2E_PORT ?? 3100);
const launchOptions = chromiumLaunchOptions;

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/playwright",
  fullyParallel: true,
  // Two workers fit a 2-core machine: the server is mostly idle between page loads.
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"], ["html", { open: "never", outputFolder: "playwright-report" }]],
  // A safety net, not a speed target (those live in `npm run bench`): on CI's 2 cores two browsers
  // and the server share the CPU, and a test that crosses pages and waits out lab time (the
  // "Try it" test sleeps 5 s of lab time) ran 33 s there against 14 s alone.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions,
    // No smooth scrolling: anchors land at once, so screenshots and viewport checks are stable.
    contextOptions: { reducedMotion: "reduce" },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], launchOptions, channel: undefined }, testIgnore: /phone\.spec\.ts/ },
    { name: "phone", use: { ...devices["Pixel 7"], launchOptions, channel: undefined }, testMatch: /phone\.spec\.ts/ },
  ],
  webServer: {
    command: "node scripts/e2e-server.mjs",
    url: `http://127.0.0.1:${port}/api/auth/providers`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
});
