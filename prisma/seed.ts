// Demo accounts for local use (`npm run db:seed`, also run by `npm start`). Idempotent:
// an existing account is left as it is. The credentials are listed in README.md; never
// run this against a deployment that strangers can reach.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Role } from "../lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../lib/generated/prisma-pg/client";
import { hashPassword } from "../lib/auth/password";
import { loadLocalEnv, resolveDatabaseUrl } from "../scripts/local-env.mjs";
import { databaseProviderOf } from "../scripts/db-schemas.mjs";
import { seedDemoClass } from "./seed-demo-class";

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: Role; password: string }> = [
  { email: "admin@example.com", name: "Demo Admin", role: "ADMIN", password: "etcd-admin-demo" },
  { email: "instructor@example.com", name: "Irina Instructor", role: "INSTRUCTOR", password: "etcd-instructor-demo" },
  { email: "learner1@example.com", name: "Lev Learner", role: "LEARNER", password: "etcd-learner-demo" },
  { email: "learner2@example.com", name: "Anna Learner", role: "LEARNER", password: "etcd-learner-demo" },
  { email: "learner3@example.com", name: "Sam Learner", role: "LEARNER", password: "etcd-learner-demo" },
];

async function main() {
  loadLocalEnv();
  const url = resolveDatabaseUrl(process.env.DATABASE_URL);
  // lib/db.ts picks the client the same way (it cannot be imported here: it is server-only).
  // The two generated clients have the same model API; the cast only unifies their types.
  const db =
    databaseProviderOf(url) === "postgresql"
      ? (new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 1 }) }) as unknown as PrismaClient)
      : new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  try {
    let created = 0;
    for (const account of DEMO_ACCOUNTS) {
      if (await db.user.findUnique({ where: { email: account.email } })) continue;
      await db.user.create({
        data: { email: account.email, name: account.name, role: account.role, passwordHash: await hashPassword(account.password) },
      });
      created++;
    }
    console.log(`Demo accounts: ${created} created, ${DEMO_ACCOUNTS.length - created} already present.`);
    console.log(`Demo class: ${await seedDemoClass(db)}.`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
