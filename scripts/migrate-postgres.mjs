// Applies prisma/migrations-postgresql to a PostgreSQL database: `npm run db:migrate` with a
// postgres(ql):// DATABASE_URL runs this file. Prisma's WASM schema engine cannot migrate
// PostgreSQL (../shared/STACK.md), so this is our own runner; it records what it applies in a
// table compatible with Prisma's `_prisma_migrations`, so `prisma migrate deploy` (native engine)
// and `prisma migrate status` agree with it wherever they are available.
//
//   node scripts/migrate-postgres.mjs [migrations-dir]     (DATABASE_URL from the shell or .env.local)
//   import { migrate } from "./migrate-postgres.mjs"; await migrate(url, dir)
//
// Each pending migration runs in its own transaction, in name order, under a session-level
// advisory lock (Prisma's own key) so that concurrent runners, or a runner and Prisma, never
// apply the same migration twice. It refuses to go on when an applied migration's file changed
// (checksum), when a migration recorded as applied is missing on disk, or when one is recorded
// as started but not finished. (Since each migration runs in a transaction, a migration cannot use
// statements PostgreSQL refuses inside one, such as CREATE INDEX CONCURRENTLY; `prisma migrate diff`
// does not generate them.)
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

/** The key `prisma migrate` locks: the runner and Prisma exclude each other. */
export const MIGRATION_LOCK_KEY = 72707369;

const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {
  name = "MigrationError";
}

/** sha-256 of the file's bytes in lower-case hex, as Prisma computes a migration's checksum. */
export function migrationChecksum(content) {
  return createHash("sha256").update(content).digest("hex");
}

/**
 * The migrations on disk, in name order: directories whose name starts with digits and an
 * underscore (as Prisma names them) and that hold a migration.sql.
 * @returns {{ name: string, file: string, sql: string, checksum: string }[]}
 */
export function readMigrations(dir) {
  if (!existsSync(dir)) throw new MigrationError(`No migrations directory at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d+_/.test(entry.name))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = path.join(dir, name, "migration.sql");
      if (!existsSync(file)) throw new MigrationError(`${name} has no migration.sql (${file})`);
      const bytes = readFileSync(file);
      return { name, file, sql: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
    });
}

/**
 * Applies the pending migrations of `dir` to the PostgreSQL database at `url`.
 * @param {string} url postgres:// or postgresql://
 * @param {string} dir a directory of <name>/migration.sql
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<{ applied: string[], alreadyApplied: string[] }>}
 */
export async function migrate(url, dir, { log = () => {} } = {}) {
  const migrations = readMigrations(dir);
  const client = new pg.Client({ connectionString: url, application_name: "etcd-academy migrate" });
  await client.connect();
  try {
    // Waits for another runner (or `prisma migrate deploy`) to finish; released when the session ends.
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(CREATE_MIGRATIONS_TABLE);
    const { rows } = await client.query(
      `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations"
       WHERE "rolled_back_at" IS NULL ORDER BY "started_at", "migration_name"`,
    );
    const onDisk = new Map(migrations.map((m) => [m.name, m]));
    const applied = new Set();
    for (const row of rows) {
      const migration = onDisk.get(row.migration_name);
      if (row.finished_at === null) {
        throw new MigrationError(
          `Migration ${row.migration_name} was started but did not finish. Repair the database by hand, then mark it ` +
            `rolled back (UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = '${row.migration_name}' ` +
            `AND finished_at IS NULL) to apply it again.`,
        );
      }
      if (!migration) {
        throw new MigrationError(
          `Migration ${row.migration_name} is recorded as applied to this database but is missing from ${dir}. ` +
            `Was it renamed or deleted? Restore it: applied migrations must never change.`,
        );
      }
      if (row.checksum !== migration.checksum) {
        throw new MigrationError(
          `Migration ${row.migration_name} was modified after it was applied to this database (checksum ${row.checksum} ` +
            `recorded, ${migration.checksum} on disk). Restore ${path.relative(process.cwd(), migration.file)}; ` +
            `change the schema with a new migration instead.`,
        );
      }
      applied.add(row.migration_name);
    }

    const pending = migrations.filter((m) => !applied.has(m.name));
    for (const migration of pending) {
      await client.query("BEGIN");
      try {
        const id = randomUUID();
        await client.query(`INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name") VALUES ($1, $2, $3)`, [
          id,
          migration.checksum,
          migration.name,
        ]);
        await client.query(migration.sql);
        await client.query(`UPDATE "_prisma_migrations" SET "finished_at" = now(), "applied_steps_count" = 1 WHERE "id" = $1`, [id]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${error.message}`, { cause: error });
      }
      log(`Applied ${migration.name}`);
    }
    return { applied: pending.map((m) => m.name), alreadyApplied: [...applied] };
  } finally {
    // Ending the session releases the advisory lock.
    await client.end().catch(() => {});
  }
}

/** Migrates and prints what it did; returns the process exit code. Used by `npm run db:migrate` too. */
export async function migrateAndReport(url, dir) {
  const { redactUrl } = await import("./db-schemas.mjs");
  try {
    const { applied, alreadyApplied } = await migrate(url, dir, { log: (line) => console.log(line) });
    const where = redactUrl(url);
    if (applied.length === 0) console.log(`${where}: no pending migrations (${alreadyApplied.length} already applied).`);
    else console.log(`${where}: applied ${applied.length} migration(s); ${alreadyApplied.length} were already applied.`);
    return 0;
  } catch (error) {
    console.error(`migrate-postgres: ${error instanceof MigrationError ? error.message : (error?.stack ?? error)}`);
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { loadLocalEnv, projectRoot } = await import("./local-env.mjs");
  loadLocalEnv();
  const url = process.env.DATABASE_URL ?? "";
  if (!/^postgres(ql)?:\/\//.test(url)) {
    console.error("migrate-postgres: DATABASE_URL must be a postgres:// or postgresql:// URL.");
    process.exit(2);
  }
  process.exit(await migrateAndReport(url, path.resolve(process.argv[2] ?? path.join(projectRoot, "prisma", "migrations-postgresql"))));
}
