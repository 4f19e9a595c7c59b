// Runs a TypeScript script the way production runs the engine: compiled ahead into one bundle
// (the lab worker is esbuild's, the server's is Next's), not through tsx, whose loader compiles each
// module with keepNames (every function and class wrapped to keep its name) and inline source maps.
// Measured on the 30-minute kubernetes-in-etcd replay, tsx made the engine ~15% slower, so a
// benchmark run under it times a handicap no learner or server has.
//
// node scripts/run-bundled.mjs <script.ts> [args...]   (node flags go before the script name:
// node --conditions=react-server scripts/run-bundled.mjs ... passes them on)
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error("usage: node scripts/run-bundled.mjs <script.ts> [args...]");
  process.exit(2);
}
// Beside the script (git-ignored): its paths relative to its own file, and the packages left out
// of the bundle, resolve as they do from the source.
const source = path.resolve(entry);
const outfile = path.join(path.dirname(source), `.${path.basename(source).replace(/\.[cm]?tsx?$/, "")}.bundled.mjs`);
await esbuild.build({
  entryPoints: [source],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "es2022",
  packages: "external",
  // Plain-JS modules stay the files they are: some run a command when they are the main module,
  // which inside the bundle they would be.
  external: ["*.mjs"],
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "warning",
});
const child = spawn(process.execPath, [...process.execArgv, outfile, ...args], { stdio: "inherit" });
child.on("close", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
