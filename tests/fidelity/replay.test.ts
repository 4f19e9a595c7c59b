// The emulator against recordings of real etcd 3.4.23 (tests/fidelity/recordings, made by
// scripts/fidelity/record.mjs). Each family's match rate may not fall below its baseline;
// raise the baseline when the emulator gets closer (FIDELITY_REPORT=1 prints every mismatch).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { replay, type Recording } from "./replay";

const dir = join(__dirname, "recordings");
const baseline = JSON.parse(readFileSync(join(__dirname, "baseline.json"), "utf8")) as Record<string, number>;
const families = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.replace(/\.json$/, ""));

describe("fidelity against real etcd 3.4.23", () => {
  const rates: Record<string, string> = {};
  for (const family of families) {
    it(`${family}: at least the baseline share of commands match`, () => {
      const rec = JSON.parse(readFileSync(join(dir, `${family}.json`), "utf8")) as Recording;
      const outcomes = replay(rec);
      const matched = outcomes.filter((o) => o.match).length;
      const rate = outcomes.length === 0 ? 1 : matched / outcomes.length;
      rates[family] = `${matched}/${outcomes.length}`;
      if (process.env.FIDELITY_REPORT) {
        for (const o of outcomes.filter((x) => !x.match)) {
          console.log(
            `--- ${family}: ${o.cmd}\nexpected [${o.expected.exitCode}]:\n${o.expected.stdout}${o.expected.stderr}\nactual [${o.actual.exitCode}]:\n${o.actual.stdout}${o.actual.stderr}`,
          );
        }
      }
      console.log(`fidelity ${family}: ${matched}/${outcomes.length} (${(rate * 100).toFixed(1)}%)`);
      expect(rate).toBeGreaterThanOrEqual(baseline[family] ?? 1);
    });
  }
});
