// Serves the production build on its own, fresh database (data/<E2E_DB>.db), so
// end-to-end tests and benchmarks never touch the data of `npm start` and always begin
// from the same state.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { ensureLocalEnv, projectRoot } from "./local-env.mjs";

const port = process.env.E2E_PORT ?? "3100";
const dbFile = path.join(projectRoot, "data", `${process.env.E2E_DB ?? "e2e"}.db`);
for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });

ensureLocalEnv();
const env = {
  ...process.env,
  DATABASE_URL: `file:${dbFile}`,
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NEXT_TELEMETRY_DISABLED: "1",
};

for (const script of ["db:migrate", "db:seed"]) {
  const result = spawnSync("npm", ["run", "--silent", script], { cwd: projectRoot, env, stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const server = spawn(path.join(projectRoot, "node_modules", ".bin", "next"), ["start", "-p", port, "-H", "127.0.0.1"], {
  cwd: projectRoot,
  env,
  stdio: "inherit",
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
