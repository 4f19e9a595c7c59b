// Authors a migration for both providers from the change to prisma/schema.prisma:
//
//   npm run db:new-migration -- <name>          e.g. npm run db:new-migration -- add_lesson_notes
//
// diffs the schema in git HEAD against the working tree's with `prisma migrate diff` (`migrate dev`
// does not work offline) and writes
//   prisma/migrations/<timestamp>_<name>/migration.sql             (SQLite)
//   prisma/migrations-postgresql/<timestamp>_<name>/migration.sql  (PostgreSQL, from the derived schema)
// then regenerates both clients. Review both files and commit them with the schema.
//
// Options:
//   --from <rev|empty>   the previous schema: a git revision (default HEAD) or `empty`
//   --to <rev>           the new schema: a git revision (default: the working tree)
//   --postgresql-only    write only the PostgreSQL file; <name> is then an existing migration
//                        directory of prisma/migrations (its full name, with the timestamp).
//   --force              write even though prisma/migrations has migrations that the --from revision
//                        lacks (by default that stops the script: the diff would likely repeat them)
//                        The committed PostgreSQL migrations were made this way:
//     node scripts/db-new-migration.mjs --postgresql-only --from empty --to b49b7ae 20261125000000_init
//     node scripts/db-new-migration.mjs --postgresql-only --from b49b7ae 20261205000000_quizzes_progress_cohorts
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { projectRoot } from "./local-env.mjs";
import { PRISMA_CLI_ENV, postgresMigrationsDir, sqliteMigrationsDir, sqliteSchemaPath, writePostgresSchema } from "./db-schemas.mjs";

const EMPTY = "-- This is an empty migration.";

function fail(message) {
  console.error(`db:new-migration: ${message}`);
  process.exit(1);
}

const { values, positionals } = parseArgs({
  options: {
    from: { type: "string", default: "HEAD" },
    to: { type: "string" },
    "postgresql-only": { type: "boolean", default: false },
    force: { type: "boolean", default: false },
  },
  allowPositionals: true,
});
if (positionals.length !== 1) fail("usage: npm run db:new-migration -- <name> [--from <rev|empty>] [--to <rev>] [--postgresql-only]");
const postgresqlOnly = values["postgresql-only"];

/** The SQLite schema's text at a git revision, or in the working tree. */
function schemaAt(rev) {
  if (rev === undefined) return readFileSync(sqliteSchemaPath, "utf8");
  try {
    return execFileSync("git", ["show", `${rev}:prisma/schema.prisma`], { cwd: projectRoot, encoding: "utf8" });
  } catch {
    return fail(`cannot read prisma/schema.prisma at ${rev}`);
  }
}

/** `YYYYMMDDHHMMSS` for now, or one second after the newest migration if the clock is behind it. */
function nextTimestamp() {
  const stamp = (date) => date.toISOString().replace(/\D/g, "").slice(0, 14);
  let next = stamp(new Date());
  const newest = readdirSync(sqliteMigrationsDir)
    .filter((d) => /^\d{14}_/.test(d))
    .sort()
    .at(-1)
    ?.slice(0, 14);
  if (newest && next <= newest) {
    const iso = `${newest.slice(0, 4)}-${newest.slice(4, 6)}-${newest.slice(6, 8)}T${newest.slice(8, 10)}:${newest.slice(10, 12)}:${newest.slice(12, 14)}Z`;
    next = stamp(new Date(Date.parse(iso) + 1000));
  }
  return next;
}

let name;
if (postgresqlOnly) {
  name = positionals[0];
  if (!existsSync(path.join(sqliteMigrationsDir, name, "migration.sql"))) fail(`no SQLite migration prisma/migrations/${name}`);
} else {
  if (!/^[a-z0-9_]+$/.test(positionals[0])) fail("the name may contain only a-z, 0-9 and _ (e.g. add_lesson_notes)");
  name = `${nextTimestamp()}_${positionals[0]}`;
}

// A migration on disk that the previous schema's revision does not have was most likely written
// for the very change this diff would find again (it is not committed yet).
if (!postgresqlOnly && values.from !== "empty" && !values.force) {
  const committed = execFileSync("git", ["ls-tree", "--name-only", `${values.from}:prisma/migrations`], {
    cwd: projectRoot,
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean);
  const newer = readdirSync(sqliteMigrationsDir).filter((d) => /^\d+_/.test(d) && !committed.includes(d));
  if (newer.length > 0) {
    fail(
      `prisma/migrations/${newer.join(", ")} ${newer.length === 1 ? "is" : "are"} not in ${values.from}, so its schema is older than the ` +
        `migrations on disk and the diff would repeat them. Commit the schema with those migrations first, ` +
        `or pass --from <the revision matching the newest migration> (or --force).`,
    );
  }
}

const work = mkdtempSync(path.join(tmpdir(), "db-new-migration-"));
// fail() exits the process, which skips `finally`.
process.on("exit", () => rmSync(work, { recursive: true, force: true }));
try {
  // Both schemas, in both dialects, as files for `prisma migrate diff`.
  const schemas = { from: values.from === "empty" ? null : schemaAt(values.from), to: schemaAt(values.to) };
  const files = {};
  for (const [which, text] of Object.entries(schemas)) {
    if (text === null) continue;
    files[`sqlite-${which}`] = path.join(work, `sqlite-${which}`, "schema.prisma");
    mkdirSync(path.dirname(files[`sqlite-${which}`]));
    writeFileSync(files[`sqlite-${which}`], text);
    files[`postgresql-${which}`] = writePostgresSchema(path.join(work, `postgresql-${which}`, "schema.prisma"), text);
  }

  const prisma = path.join(projectRoot, "node_modules", ".bin", "prisma");
  const diff = (provider) => {
    const from = schemas.from === null ? ["--from-empty"] : ["--from-schema-datamodel", files[`${provider}-from`]];
    const result = spawnSync(prisma, ["migrate", "diff", ...from, "--to-schema-datamodel", files[`${provider}-to`], "--script"], {
      cwd: projectRoot,
      env: { ...process.env, ...PRISMA_CLI_ENV },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    if (result.status !== 0) fail(`prisma migrate diff (${provider}) failed`);
    return result.stdout;
  };

  const targets = [];
  if (!postgresqlOnly) targets.push({ provider: "sqlite", dir: sqliteMigrationsDir });
  targets.push({ provider: "postgresql", dir: postgresMigrationsDir });
  const scripts = targets.map((target) => ({ ...target, sql: diff(target.provider) }));
  if (scripts.every((s) => s.sql.trim() === EMPTY)) {
    fail(
      `prisma/schema.prisma ${values.to ? `at ${values.to}` : "in the working tree"} does not differ from ${values.from}: nothing to migrate`,
    );
  }
  for (const { dir } of scripts) {
    const file = path.join(dir, name, "migration.sql");
    if (existsSync(file)) fail(`${path.relative(projectRoot, file)} exists already; not overwriting it`);
  }
  for (const { dir, sql } of scripts) {
    const file = path.join(dir, name, "migration.sql");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, sql);
    console.log(`Wrote ${path.relative(projectRoot, file)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (!postgresqlOnly) {
  const result = spawnSync(process.execPath, [path.join(projectRoot, "scripts", "db-generate.mjs")], {
    cwd: projectRoot,
    stdio: "inherit",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
  console.log("Review both migration.sql files, then apply them with `npm run db:migrate`.");
}
