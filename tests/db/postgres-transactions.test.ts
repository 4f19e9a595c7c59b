// Interactive transactions that read then write keep SQLite's guarantee on PostgreSQL: lib/db runs
// them SERIALIZABLE there and reruns the ones PostgreSQL aborts. Runs on both providers.
import { describe, expect, it } from "vitest";
import { createFreshDatabase } from "../unit/support/test-db";

const { provider } = await createFreshDatabase();
const { db, databaseProvider } = await import("@/lib/db");
const { createAccount } = await import("@/lib/auth/accounts");

describe(`interactive transactions (${provider})`, () => {
  it("lib/db talks to the database the test set up", () => {
    expect(databaseProvider).toBe(provider);
  });

  it("concurrent sign-ups on an empty database make exactly one admin, and all succeed", async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createAccount({ name: `U${i}`, email: `u${i}@example.com`, password: "correct horse battery" })),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.filter((r) => r.ok && r.user.role === "ADMIN")).toHaveLength(1);
    expect(await db.user.count()).toBe(8);
  }, 60_000);

  it("concurrent read-modify-write transactions lose no update", async () => {
    const email = "counter@example.com";
    await Promise.all(
      Array.from({ length: 20 }, () =>
        db.$transaction(async (tx) => {
          const row = await tx.signInThrottle.findUnique({ where: { email } });
          const failures = (row?.failures ?? 0) + 1;
          await tx.signInThrottle.upsert({ where: { email }, create: { email, failures }, update: { failures } });
        }),
      ),
    );
    expect((await db.signInThrottle.findUniqueOrThrow({ where: { email } })).failures).toBe(20);
  }, 60_000);
});
