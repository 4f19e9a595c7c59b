// Bundles the lab's engine worker (lib/worker/engine.worker.ts) into one classic script,
// public/lab-engine.js, and the script that starts it early (lib/worker/start.ts) into
// public/lab-start.js, with esbuild (already here for mdx-bundler). A fixed address, unlike a
// chunk name hashed by the app's bundler, lets the lab page start the worker from its HTML, so
// the engine downloads and boots while React is still loading; one file, unlike Turbopack's
// worker bootstrap, which fetched four in a row. A page and a worker from different deployments
// refuse each other by their protocol version (lib/worker/protocol.ts).
//
// node scripts/build-lab-worker.mjs            build once (npm run build does)
// node scripts/build-lab-worker.mjs --watch -- <command...>
//                                              rebuild on change while <command> runs (npm run dev)
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");

const options = {
  entryPoints: [
    { in: path.join(root, "lib", "worker", "engine.worker.ts"), out: "lab-engine" },
    { in: path.join(root, "lib", "worker", "start.ts"), out: "lab-start" },
  ],
  outdir: path.join(root, "public"),
  bundle: true,
  minify: true,
  format: "iife",
  platform: "browser",
  target: "es2022",
  tsconfig: path.join(root, "tsconfig.json"),
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "none",
  logLevel: "warning",
};

const args = process.argv.slice(2);
if (args[0] === "--watch") {
  const context = await esbuild.context(options);
  await context.watch();
  const command = args.slice(args.indexOf("--") + 1);
  if (command.length === 0) {
    console.error("usage: build-lab-worker.mjs --watch -- <command...>");
    process.exit(2);
  }
  const child = spawn(command[0], command.slice(1), { stdio: "inherit" });
  const stop = () => child.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  child.on("exit", async (code) => {
    await context.dispose();
    process.exit(code ?? 1);
  });
} else {
  await esbuild.build(options);
}
