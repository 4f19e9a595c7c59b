// `npm run db:migrate`: applies the committed migrations to DATABASE_URL (shell, then .env.local,
// then the default SQLite file).
//   file:...                       -> `prisma migrate deploy` with prisma/migrations (JavaScript schema engine)
//   postgres:// or postgresql://   -> scripts/migrate-postgres.mjs with prisma/migrations-postgresql
import { spawnSync } from "node:child_process";
import path from "node:path";
import { loadLocalEnv, projectRoot, resolveDatabaseUrl } from "./local-env.mjs";
import { PRISMA_CLI_ENV, databaseProviderOf, postgresMigrationsDir } from "./db-schemas.mjs";
import { migrateAndReport } from "./migrate-postgres.mjs";

loadLocalEnv();
const url = resolveDatabaseUrl(process.env.DATABASE_URL);
let provider;
try {
  provider = databaseProviderOf(url);
} catch (error) {
  console.error(`db:migrate: ${error.message}`);
  process.exit(2);
}

if (provider === "postgresql") {
  process.exit(await migrateAndReport(url, postgresMigrationsDir));
}
const prisma = path.join(projectRoot, "node_modules", ".bin", "prisma");
const result = spawnSync(prisma, ["migrate", "deploy"], {
  cwd: projectRoot,
  env: { ...process.env, ...PRISMA_CLI_ENV, DATABASE_URL: url },
  stdio: "inherit",
});
process.exit(result.status ?? 1);
