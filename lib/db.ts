import "server-only";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { databaseEnv, sqlitePathFromUrl } from "@/lib/env";

// One PrismaClient per server process. In development Next.js re-evaluates modules
// on every change; keeping the client on globalThis avoids leaking connections.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function createClient(): PrismaClient {
  const adapter = new PrismaBetterSQLite3({
    url: sqlitePathFromUrl(databaseEnv().DATABASE_URL),
    // Wait for a concurrent writer instead of failing with SQLITE_BUSY at once.
    timeout: 5_000,
  });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = globalForPrisma.prisma ?? createClient();

if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;
