import "server-only";
import path from "node:path";
import { z } from "zod";

// Server configuration, validated on first use. Next.js loads .env.local (generated on
// first start by scripts/prepare-env.mjs), so a fresh clone needs no configuration.
// Each part is validated separately so that, say, building pages that never touch
// authentication does not require the auth secret.

export type DatabaseProvider = "sqlite" | "postgresql";

/** The provider a DATABASE_URL names: `file:` is SQLite, `postgres://` or `postgresql://` is PostgreSQL. */
export function databaseProviderOf(url: string): DatabaseProvider | undefined {
  if (url.startsWith("file:")) return "sqlite";
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  return undefined;
}

const databaseSchema = z.object({
  DATABASE_URL: z
    .string()
    .min(1)
    .default("file:./data/app.db")
    .refine(
      (url) => databaseProviderOf(url) !== undefined,
      "DATABASE_URL must be file:<path> (SQLite, the default: file:./data/app.db) or postgresql://user:password@host:5432/database (PostgreSQL)",
    ),
  /** Connections in the PostgreSQL pool of each server process (ignored for SQLite). */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
});

const authSchema = z.object({
  NEXTAUTH_SECRET: z
    .string({ error: "NEXTAUTH_SECRET is not set; run `npm start` once to generate .env.local" })
    .min(16, "NEXTAUTH_SECRET must be at least 16 characters"),
});

function parse<T extends z.ZodType>(schema: T, what: string): z.infer<T> {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) throw new Error(`Invalid ${what} configuration:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export function databaseEnv() {
  return parse(databaseSchema, "database");
}

export function authEnv() {
  return parse(authSchema, "authentication");
}

/** A relative SQLite path is relative to the project root (the server's working directory). */
export function sqlitePathFromUrl(url: string, cwd = process.cwd()): string {
  const file = url.replace(/^file:/, "");
  if (file === ":memory:" || path.isAbsolute(file)) return file;
  // The database lives outside the traced server files, on purpose.
  return path.join(/*turbopackIgnore: true*/ cwd, file);
}
