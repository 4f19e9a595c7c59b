// How tests and benchmarks start Chromium: Debian's build (Playwright's own download does
// not work offline), without a sandbox (CI runs as root), and without the background
// traffic that a closed network refuses.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
};
