import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { migrate } from "../../../scripts/migrate-postgres.mjs";

export type TestDatabase = { url: string; provider: "sqlite" | "postgresql" };

export const sqliteMigrationsDir = path.join(process.cwd(), "prisma", "migrations");
export const postgresMigrationsDir = path.join(process.cwd(), "prisma", "migrations-postgresql");

/**
 * A fresh database with the committed migrations applied, for tests of code that uses lib/db.
 * Sets DATABASE_URL to it: call (and await) before importing any module that imports lib/db.
 *
 * With TEST_POSTGRES_URL set (a URL of a PostgreSQL server with a role allowed to create
 * databases, e.g. postgresql://postgres@127.0.0.1:54329/postgres), a new uniquely named
 * database on that server, migrated by scripts/migrate-postgres.mjs; otherwise a SQLite file
 * in a temporary directory. Test databases on PostgreSQL are named etcd_academy_test_* and
 * left in place (scripts/test-all.sh runs a throwaway server).
 */
export async function createFreshDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_POSTGRES_URL;
  const database = adminUrl ? { url: await createPostgresDatabase(adminUrl), provider: "postgresql" as const } : createSqliteDatabase();
  process.env.DATABASE_URL = database.url;
  return database;
}

function createSqliteDatabase(): TestDatabase {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "etcd-academy-test-")), "test.db");
  const db = new Database(file);
  for (const dir of readdirSync(sqliteMigrationsDir)
    .filter((d) => /^\d+_/.test(d))
    .sort()) {
    db.exec(readFileSync(path.join(sqliteMigrationsDir, dir, "migration.sql"), "utf8"));
  }
  db.close();
  return { url: `file:${file}`, provider: "sqlite" };
}

/**
 * Creates an empty, uniquely named database on the server of `adminUrl` and returns its URL;
 * applies the PostgreSQL migrations unless `migrations` is false.
 */
export async function createPostgresDatabase(adminUrl: string, { migrations = true } = {}): Promise<string> {
  const name = `etcd_academy_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  if (migrations) await migrate(url.toString(), postgresMigrationsDir);
  return url.toString();
}
