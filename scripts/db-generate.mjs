// `npm run db:generate` (also run by postinstall): both Prisma clients from the one schema.
//   prisma/schema.prisma                      -> lib/generated/prisma     (SQLite, the default)
//   lib/generated/postgresql/schema.prisma    -> lib/generated/prisma-pg  (PostgreSQL, derived here)
import { spawnSync } from "node:child_process";
import path from "node:path";
import { projectRoot } from "./local-env.mjs";
import { PRISMA_CLI_ENV, postgresSchemaPath, sqliteSchemaPath, writePostgresSchema } from "./db-schemas.mjs";

writePostgresSchema();
const prisma = path.join(projectRoot, "node_modules", ".bin", "prisma");
for (const schema of [sqliteSchemaPath, postgresSchemaPath]) {
  const result = spawnSync(prisma, ["generate", "--schema", path.relative(projectRoot, schema)], {
    cwd: projectRoot,
    env: { ...process.env, ...PRISMA_CLI_ENV },
    stdio: "inherit",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
