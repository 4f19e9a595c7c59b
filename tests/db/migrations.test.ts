// The migrations of both providers, and our PostgreSQL runner (scripts/migrate-postgres.mjs).
// The PostgreSQL cases run when TEST_POSTGRES_URL names a server (scripts/test-all.sh starts one).
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { migrate, migrationChecksum, readMigrations } from "../../scripts/migrate-postgres.mjs";
import { createPostgresDatabase, postgresMigrationsDir, sqliteMigrationsDir } from "../unit/support/test-db";

const adminUrl = process.env.TEST_POSTGRES_URL;
const names = (dir: string) => readdirSync(dir).filter((d) => /^\d+_/.test(d) && existsSync(path.join(dir, d, "migration.sql")));

const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of the PostgreSQL migrations that a test may edit. */
function copyOfMigrations(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "etcd-academy-migrations-"));
  temporary.push(dir);
  cpSync(postgresMigrationsDir, dir, { recursive: true });
  return dir;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  it("both providers have the same migrations, by directory name", () => {
    const sqlite = names(sqliteMigrationsDir).sort();
    expect(sqlite.length).toBeGreaterThan(0);
    expect(names(postgresMigrationsDir).sort()).toEqual(sqlite);
    // Every directory under migrations-postgresql is a migration (no stray or misnamed ones).
    expect(readdirSync(postgresMigrationsDir).sort()).toEqual(sqlite);
  });

  it.skipIf(!adminUrl)(
    "PostgreSQL: applies every migration once, records it as Prisma does, and applies nothing the second time",
    async () => {
      const url = await createPostgresDatabase(adminUrl!, { migrations: false });
      const all = readMigrations(postgresMigrationsDir);
      expect(await migrate(url, postgresMigrationsDir)).toEqual({ applied: all.map((m) => m.name), alreadyApplied: [] });
      expect(await migrate(url, postgresMigrationsDir)).toEqual({ applied: [], alreadyApplied: all.map((m) => m.name) });

      const rows = await query<{ migration_name: string; checksum: string; done: boolean; applied_steps_count: number; id: string }>(
        url,
        `SELECT migration_name, checksum, finished_at IS NOT NULL AND rolled_back_at IS NULL AS done, applied_steps_count, id
       FROM _prisma_migrations ORDER BY migration_name`,
      );
      expect(rows.map((r) => r.migration_name)).toEqual(all.map((m) => m.name));
      for (const [i, row] of rows.entries()) {
        const file = path.join(postgresMigrationsDir, row.migration_name, "migration.sql");
        expect(row.checksum).toBe(migrationChecksum(readFileSync(file)));
        expect(row.checksum).toBe(all[i]!.checksum);
        expect(row).toMatchObject({ done: true, applied_steps_count: 1 });
        expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      }
    },
  );

  it.skipIf(!adminUrl)("PostgreSQL: the table matches Prisma's _prisma_migrations", async () => {
    const url = await createPostgresDatabase(adminUrl!);
    const columns = await query<{
      column_name: string;
      data_type: string;
      max: number | null;
      is_nullable: string;
      column_default: string | null;
    }>(
      url,
      `SELECT column_name, data_type, character_maximum_length AS max, is_nullable, column_default
       FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: "id", data_type: "character varying", max: 36, is_nullable: "NO", column_default: null },
      { column_name: "checksum", data_type: "character varying", max: 64, is_nullable: "NO", column_default: null },
      { column_name: "finished_at", data_type: "timestamp with time zone", max: null, is_nullable: "YES", column_default: null },
      { column_name: "migration_name", data_type: "character varying", max: 255, is_nullable: "NO", column_default: null },
      { column_name: "logs", data_type: "text", max: null, is_nullable: "YES", column_default: null },
      { column_name: "rolled_back_at", data_type: "timestamp with time zone", max: null, is_nullable: "YES", column_default: null },
      { column_name: "started_at", data_type: "timestamp with time zone", max: null, is_nullable: "NO", column_default: "now()" },
      { column_name: "applied_steps_count", data_type: "integer", max: null, is_nullable: "NO", column_default: "0" },
    ]);
  });

  it.skipIf(!adminUrl)("PostgreSQL: applies only what is new, in name order", async () => {
    const url = await createPostgresDatabase(adminUrl!, { migrations: false });
    const dir = copyOfMigrations();
    const [first, ...rest] = names(dir).sort();
    for (const name of rest) rmSync(path.join(dir, name), { recursive: true });
    expect((await migrate(url, dir)).applied).toEqual([first]);
    cpSync(postgresMigrationsDir, dir, { recursive: true });
    expect(await migrate(url, dir)).toEqual({ applied: rest, alreadyApplied: [first] });
  });

  it.skipIf(!adminUrl)("PostgreSQL: refuses a migration changed after it was applied, and one missing on disk", async () => {
    const url = await createPostgresDatabase(adminUrl!, { migrations: false });
    const dir = copyOfMigrations();
    await migrate(url, dir);
    const [first, second] = names(dir).sort();

    appendFileSync(path.join(dir, first!, "migration.sql"), "\n-- edited after the fact\n");
    await expect(migrate(url, dir)).rejects.toThrow(new RegExp(`Migration ${first} was modified after it was applied`));
    // The command line says so and exits non-zero.
    const cli = spawnSync(process.execPath, ["scripts/migrate-postgres.mjs", dir], {
      env: { ...process.env, DATABASE_URL: url },
      encoding: "utf8",
    });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`Migration ${first} was modified after it was applied`);

    cpSync(path.join(postgresMigrationsDir, first!), path.join(dir, first!), { recursive: true });
    expect((await migrate(url, dir)).applied).toEqual([]);
    rmSync(path.join(dir, second!), { recursive: true });
    await expect(migrate(url, dir)).rejects.toThrow(new RegExp(`Migration ${second} is recorded as applied .* but is missing`));
  });

  it.skipIf(!adminUrl)("PostgreSQL: a failed migration is rolled back entirely and not recorded", async () => {
    const url = await createPostgresDatabase(adminUrl!, { migrations: false });
    const dir = copyOfMigrations();
    const last = names(dir).sort().at(-1)!;
    appendFileSync(path.join(dir, last, "migration.sql"), '\nSELECT * FROM "NoSuchTable";\n');
    await expect(migrate(url, dir)).rejects.toThrow(new RegExp(`Migration ${last} failed and was rolled back`));
    const recorded = await query<{ migration_name: string }>(url, "SELECT migration_name FROM _prisma_migrations ORDER BY 1");
    expect(recorded.map((r) => r.migration_name)).not.toContain(last);
    expect(recorded).toHaveLength(names(dir).length - 1);
  });

  it.skipIf(!adminUrl)("PostgreSQL: concurrent runners on a fresh database apply each migration exactly once", async () => {
    const url = await createPostgresDatabase(adminUrl!, { migrations: false });
    const all = names(postgresMigrationsDir).sort();
    const results = await Promise.all(Array.from({ length: 4 }, () => migrate(url, postgresMigrationsDir)));
    expect(results.flatMap((r) => r.applied).sort()).toEqual(all);
    // Each runner saw the whole history, either applying or finding each migration.
    for (const r of results) expect([...r.applied, ...r.alreadyApplied].sort()).toEqual(all);
    const rows = await query<{ migration_name: string; n: string }>(
      url,
      "SELECT migration_name, count(*) AS n FROM _prisma_migrations GROUP BY migration_name ORDER BY migration_name",
    );
    expect(rows).toEqual(all.map((name) => ({ migration_name: name, n: "1" })));
  });

  it.skipIf(!adminUrl)("PostgreSQL and SQLite migrations create the same tables, columns and indexes", async () => {
    const url = await createPostgresDatabase(adminUrl!);
    const pgColumns = await query<{ table_name: string; column_name: string }>(
      url,
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
    );
    const pgIndexes = await query<{ indexname: string }>(
      url,
      `SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE '%\\_pkey' AND tablename <> '_prisma_migrations'`,
    );

    const sqlite = new Database(":memory:");
    for (const name of names(sqliteMigrationsDir).sort())
      sqlite.exec(readFileSync(path.join(sqliteMigrationsDir, name, "migration.sql"), "utf8"));
    const tables = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    const sqliteColumns = tables.flatMap((table) =>
      (sqlite.pragma(`table_info("${table}")`) as Array<{ name: string }>).map((c) => `${table}.${c.name}`),
    );
    const sqliteIndexes = sqlite
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    sqlite.close();

    expect(pgColumns.map((c) => `${c.table_name}.${c.column_name}`).sort()).toEqual(sqliteColumns.sort());
    expect(pgIndexes.map((i) => i.indexname).sort()).toEqual(sqliteIndexes.sort());
  });
});
