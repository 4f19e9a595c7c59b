import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root.replace(/\/$/, "") } },
  test: {
    include: [
      "tests/unit/**/*.test.ts",
      // Tests against a real database: SQLite by default, PostgreSQL with TEST_POSTGRES_URL set
      // (scripts/test-all.sh runs them on both). See tests/unit/support/test-db.ts.
      "tests/db/**/*.test.ts",
      "tests/engine/**/*.test.ts",
      "tests/sim/**/*.test.ts",
      "tests/fidelity/**/*.test.ts",
      "tests/labs/**/*.test.ts",
    ],
    environment: "node",
    // The engine's development checks (lib/engine/freeze.ts), off in production, on in every test.
    setupFiles: ["tests/unit/support/engine-checks.ts"],
    // `server-only` throws outside a React Server environment; unit tests exercise the
    // server modules directly.
    alias: { "server-only": `${root}tests/unit/support/empty.ts` },
    // Database tests each open their own database; keep them in one process per file.
    pool: "forks",
  },
});
