// What the browser benchmarks share: build the app unless told not to, then serve the production
// build on its own port and database (scripts/e2e-server.mjs) until the benchmark ends.
import { spawn, spawnSync } from "node:child_process";

export const benchEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

/** `npm run build`, unless the arguments say --no-build (reuse .next). */
export function buildUnlessReused(args) {
  if (args.includes("--no-build")) return;
  console.log("Building…");
  const build = spawnSync("npm", ["run", "--silent", "build"], { stdio: ["ignore", "ignore", "inherit"], env: benchEnv });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

/** Serves the build on 127.0.0.1:`port` with the database data/`db`.db; resolves once it answers. */
export async function startBenchServer(port, db) {
  const base = `http://127.0.0.1:${port}`;
  try {
    await fetch(base);
    console.error(`something already listens on ${base}: stop it first (a stale server would serve an older build)`);
    process.exit(1);
  } catch {}
  const server = spawn("node", ["scripts/e2e-server.mjs"], {
    env: { ...benchEnv, E2E_PORT: String(port), E2E_DB: db },
    stdio: "ignore",
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid, "SIGTERM");
    } catch {}
  };
  process.on("exit", stop);
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/auth/providers`)).ok) break;
    } catch {}
    if (i > 240) throw new Error("server did not start");
    await new Promise((r) => setTimeout(r, 500));
  }
  return { base, stop };
}
