import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * A fresh SQLite file with the committed migrations applied, for tests of code that
 * uses lib/db. Call before importing any module that imports lib/db.
 */
export function createFreshDatabase(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "etcd-academy-test-")), "test.db");
  const migrations = path.join(process.cwd(), "prisma", "migrations");
  const db = new Database(file);
  for (const dir of readdirSync(migrations)
    .filter((d) => /^\d+_/.test(d))
    .sort()) {
    db.exec(readFileSync(path.join(migrations, dir, "migration.sql"), "utf8"));
  }
  db.close();
  process.env.DATABASE_URL = `file:${file}`;
  return file;
}
