// Local configuration for a fresh clone: nothing to set up by hand.
// The secret lives in the git-ignored .env.local, generated on first start.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const localEnvPath = path.join(projectRoot, ".env.local");
export const DEFAULT_DATABASE_URL = "file:./data/app.db";

/** Copies .env.local into process.env without overriding what the shell already set. */
export function loadLocalEnv() {
  if (!existsSync(localEnvPath)) return;
  const parsed = parseEnv(readFileSync(localEnvPath, "utf8"));
  for (const [key, value] of Object.entries(parsed)) {
    if (process.env[key] === undefined) process.env[key] = value;
  }
}

/** Creates .env.local with a fresh NEXTAUTH_SECRET (and the defaults) when missing; never overwrites a value. */
export function ensureLocalEnv() {
  const existing = existsSync(localEnvPath) ? readFileSync(localEnvPath, "utf8") : "";
  const parsed = parseEnv(existing);
  const additions = [];
  if (!parsed.NEXTAUTH_SECRET && !process.env.NEXTAUTH_SECRET) {
    additions.push(`NEXTAUTH_SECRET=${randomBytes(32).toString("base64url")}`);
  }
  if (!parsed.NEXTAUTH_URL && !process.env.NEXTAUTH_URL) {
    additions.push(`NEXTAUTH_URL=http://localhost:${process.env.PORT ?? 3000}`);
  }
  if (!parsed.DATABASE_URL && !process.env.DATABASE_URL) {
    additions.push(`DATABASE_URL=${DEFAULT_DATABASE_URL}`);
  }
  if (additions.length === 0) return false;
  const header = existing ? "" : "# Generated on first start; git-ignored. Delete it to get a new secret.\n";
  const separator = existing && !existing.endsWith("\n") ? "\n" : "";
  writeFileSync(localEnvPath, `${existing}${separator}${header}${additions.join("\n")}\n`, { mode: 0o600 });
  return true;
}

/**
 * Turns a SQLite URL into an absolute one, so the CLI, the seed script and the
 * Next.js server open the same file whatever their working directory, and makes
 * sure the directory exists.
 */
export function resolveDatabaseUrl(url = DEFAULT_DATABASE_URL) {
  if (!url.startsWith("file:")) return url;
  const filePath = url.slice("file:".length);
  if (filePath === ":memory:") return url;
  const absolute = path.isAbsolute(filePath) ? filePath : path.join(projectRoot, filePath);
  mkdirSync(path.dirname(absolute), { recursive: true });
  return `file:${absolute}`;
}
