import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { loadLocalEnv, resolveDatabaseUrl } from "./scripts/local-env.mjs";

// The CLI (generate, migrate deploy) uses the JavaScript schema engine through the
// driver adapter, because the native engines cannot be downloaded on offline machines.
loadLocalEnv();
const url = resolveDatabaseUrl(process.env.DATABASE_URL);
process.env.DATABASE_URL = url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaBetterSQLite3({ url }),
});
