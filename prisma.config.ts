import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { loadLocalEnv, projectRoot, resolveDatabaseUrl } from "./scripts/local-env.mjs";
import { databaseProviderOf, postgresMigrationsDir, postgresSchemaPath } from "./scripts/db-schemas.mjs";

// The CLI (generate, migrate deploy) uses the JavaScript schema engine through the
// driver adapter, because the native engines cannot be downloaded on offline machines.
// DATABASE_URL picks the provider: file: is SQLite (prisma/schema.prisma, prisma/migrations);
// postgres(ql):// is PostgreSQL (the schema derived from it by `npm run db:generate`, and
// prisma/migrations-postgresql, which `npm run db:migrate` applies with scripts/migrate-postgres.mjs
// because the JavaScript schema engine cannot migrate PostgreSQL). `npm run db:generate` names
// each schema explicitly, whatever DATABASE_URL says.
loadLocalEnv();
const url = resolveDatabaseUrl(process.env.DATABASE_URL);
process.env.DATABASE_URL = url;
const postgresql = databaseProviderOf(url) === "postgresql";
// Paths are relative to this file.

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: postgresql ? path.relative(projectRoot, postgresSchemaPath) : path.join("prisma", "schema.prisma"),
  migrations: { path: postgresql ? path.relative(projectRoot, postgresMigrationsDir) : path.join("prisma", "migrations") },
  adapter: async () => (postgresql ? new PrismaPg({ connectionString: url }) : new PrismaBetterSQLite3({ url })),
});
