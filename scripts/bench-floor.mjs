// The JavaScript floor under any page of this app: what an empty Next.js app, built with the same
// next and react as ours (one server-rendered page, no client component), makes a browser load.
// bench-lab.mjs prints it beside the lab page's first-load JS, so the figure says how much of that
// is ours. The app is built in a temporary folder whose node_modules hard-links ours (a copy if
// the folder is on another disk: Turbopack refuses a node_modules reached through a symlink).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { benchEnv } from "./bench-server.mjs";

const FILES = {
  "package.json": JSON.stringify({ name: "empty-next-app", private: true }),
  "tsconfig.json": JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      lib: ["dom", "esnext"],
      jsx: "react-jsx",
      module: "esnext",
      moduleResolution: "bundler",
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      isolatedModules: true,
    },
    include: ["**/*.tsx"],
  }),
  "app/layout.tsx": `export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`,
  "app/page.tsx": `export default function Page() {
  return <p>An empty page.</p>;
}
`,
};

/** Builds and serves the empty app, loads its page in `browser`; returns its JS in kB (gzip -9), or why it could not. */
export async function emptyNextAppKb(browser, port) {
  const dir = mkdtempSync(path.join(tmpdir(), "empty-next-app-"));
  let server;
  try {
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    }
    const modules = path.join(process.cwd(), "node_modules");
    if (spawnSync("cp", ["-al", modules, dir]).status !== 0 && spawnSync("cp", ["-r", modules, dir]).status !== 0)
      return { error: "could not copy node_modules" };
    const next = path.join(dir, "node_modules", ".bin", "next");
    const build = spawnSync(next, ["build"], { cwd: dir, env: benchEnv, encoding: "utf8" });
    if (build.status !== 0) return { error: `next build failed: ${(build.stderr || build.stdout).trim().split("\n").at(-1)}` };
    server = spawn(next, ["start", "-p", String(port)], { cwd: dir, env: benchEnv, stdio: "ignore", detached: true });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(base)).ok) break;
      } catch {}
      if (i > 120) return { error: "the empty app's server did not start" };
      await new Promise((r) => setTimeout(r, 250));
    }
    const context = await browser.newContext();
    const page = await context.newPage();
    const bodies = [];
    page.on("response", (r) => {
      if (/\.js(\?|$)/.test(r.url())) bodies.push(r.body().catch(() => Buffer.alloc(0)));
    });
    await page.goto(base);
    await page.waitForLoadState("networkidle");
    const sizes = (await Promise.all(bodies)).map((b) => gzipSync(b, { level: 9 }).length);
    await context.close();
    return { kb: +(sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(1) };
  } finally {
    if (server)
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {}
    rmSync(dir, { recursive: true, force: true });
  }
}
