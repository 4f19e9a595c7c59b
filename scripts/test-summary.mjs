// Adds up the unit and end-to-end results into one line, "N passed, N failed", which is
// what CI reads; the arguments name the steps that failed (type check, lint, build...).
import { existsSync, readFileSync } from "node:fs";

const failedSteps = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

const read = (file) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : null);

const vitest = read("test-results/vitest.json");
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  console.log(`unit:       ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed`);
}

const playwright = read("test-results/playwright.json");
if (playwright) {
  const { expected = 0, unexpected = 0, flaky = 0, skipped: pwSkipped = 0 } = playwright.stats ?? {};
  passed += expected + flaky;
  failed += unexpected;
  skipped += pwSkipped;
  console.log(`end-to-end: ${expected + flaky} passed, ${unexpected} failed${flaky ? ` (${flaky} flaky)` : ""}`);
}

// A step that failed without running tests (type check, lint, build) still fails the run.
const stepsWithoutCounts = failedSteps.filter((s) => !["unit", "e2e"].includes(s));
if (stepsWithoutCounts.length) console.log(`failed steps: ${stepsWithoutCounts.join(", ")}`);
failed += stepsWithoutCounts.length;

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || failedSteps.length > 0 || passed === 0 ? 1 : 0);
