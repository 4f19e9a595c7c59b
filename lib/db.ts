import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";
import { databaseEnv, databaseProviderOf, sqlitePathFromUrl, type DatabaseProvider } from "@/lib/env";

// DATABASE_URL picks the database: `file:` is the embedded SQLite file (the default),
// `postgres://` / `postgresql://` a PostgreSQL server. Each provider has its own generated
// client (lib/generated/prisma from prisma/schema.prisma, lib/generated/prisma-pg from the
// PostgreSQL schema derived from it by `npm run db:generate`).

// One PrismaClient per server process. In development Next.js re-evaluates modules
// on every change; keeping the client on globalThis avoids leaking connections.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

const { DATABASE_URL, DATABASE_POOL_SIZE } = databaseEnv();

/** Which database `db` talks to. */
export const databaseProvider: DatabaseProvider = databaseProviderOf(DATABASE_URL)!;

function createClient(): PrismaClient {
  if (databaseProvider === "postgresql") {
    const pool = new Pool({ connectionString: DATABASE_URL, max: DATABASE_POOL_SIZE });
    const adapter = new PrismaPg(pool, {
      disposeExternalPool: true,
      // An idle connection dropped by the server must not take the process down; the pool reconnects.
      onPoolError: (error) => console.error("PostgreSQL pool error:", error.message),
    });
    // SQLite runs one write transaction at a time, so an interactive transaction that reads and
    // then writes (the first account becomes the admin; the sign-in throttle's counter) sees no
    // concurrent change. PostgreSQL's default, READ COMMITTED, would let two of them interleave
    // (both sign-ups counting zero users); SERIALIZABLE keeps SQLite's guarantee, and
    // serialization failures (P2034) are retried below.
    const client = new PostgresPrismaClient({ adapter, transactionOptions: { isolationLevel: "Serializable" } });
    retryInteractiveTransactions(client);
    // Both clients are generated from the same models, so their model APIs are identical; only
    // the provider (and the nominal types TypeScript sees) differ. The app is typed against the
    // SQLite client, hence the cast through unknown.
    return client as unknown as PrismaClient;
  }
  const adapter = new PrismaBetterSQLite3({
    url: sqlitePathFromUrl(DATABASE_URL),
    // Wait for a concurrent writer instead of failing with SQLITE_BUSY at once.
    timeout: 5_000,
  });
  return new PrismaClient({ adapter });
}

/**
 * PostgreSQL's "could not serialize access" (40001) or a deadlock (40P01): P2034 when a query
 * fails, but a bare DriverAdapterError (cause.kind "TransactionWriteConflict") when COMMIT does.
 */
function isSerializationFailure(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { kind?: unknown; originalCode?: unknown } } | null;
  return (
    e?.code === "P2034" ||
    e?.cause?.kind === "TransactionWriteConflict" ||
    e?.cause?.originalCode === "40001" ||
    e?.cause?.originalCode === "40P01"
  );
}

/**
 * Reruns an interactive transaction (`$transaction(async (tx) => ...)`) that PostgreSQL aborted as
 * a serialization failure, as PostgreSQL's documentation prescribes: it was rolled back entirely,
 * so running the function again is safe. Batch transactions (an array) are left alone.
 */
function retryInteractiveTransactions(client: PostgresPrismaClient, attempts = 10) {
  const transaction = client.$transaction.bind(client) as (arg: unknown, options?: unknown) => Promise<unknown>;
  const retrying = async (arg: unknown, options?: unknown) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await transaction(arg, options);
      } catch (error) {
        const conflict = typeof arg === "function" && isSerializationFailure(error);
        if (!conflict || attempt >= attempts) throw error;
        // A short, growing, random pause so the conflicting transactions do not collide again.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * 2 ** Math.min(attempt, 6)));
      }
    }
  };
  client.$transaction = retrying as typeof client.$transaction;
}

export const db: PrismaClient = globalForPrisma.prisma ?? createClient();

if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;
