// The lab's kubectl against the real kubectl 1.32 on the same simulated cluster: the
// recordings (tests/fidelity/kubectl-server-recordings, made by
// scripts/fidelity/record-kubectl-server.ts) are the real kubectl talking over HTTPS to the
// lab's kube-apiserver. The replay boots the same lab, runs each line at the virtual time it
// was recorded at, through the lab's kubectl, and compares. Lab steps (`#! lab ...`) replay
// without comparison. Each family's match rate may not fall below its baseline.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Lab } from "@/lib/engine/shell/lab";
import { replayMatches, type KubectlEntry } from "./kubectl-compare";

interface Entry extends KubectlEntry {
  cmd: string;
  lab?: boolean;
  at: number;
}

const dir = join(__dirname, "kubectl-server-recordings");
const baseline = JSON.parse(readFileSync(join(__dirname, "kubectl-server-baseline.json"), "utf8")) as Record<string, number>;
const families = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.slice(0, -".json".length));

describe("kubectl against kubectl 1.32 on the same simulated cluster", () => {
  it("has a baseline for every recorded family", () => {
    expect(Object.keys(baseline).sort()).toEqual([...families].sort());
  });

  for (const family of families) {
    it(`${family}: at least the baseline share of commands match`, () => {
      const rec = JSON.parse(readFileSync(join(dir, `${family}.json`), "utf8")) as { world: "kube" | "demo"; entries: Entry[] };
      const lab = new Lab({ members: 3, world: rec.world }).boot();
      const booted = lab.cluster.nowMs;
      let compared = 0;
      let matched = 0;
      for (const e of rec.entries) {
        const behind = e.at - (lab.cluster.nowMs - booted);
        if (behind > 0) lab.cluster.runFor(behind);
        if (e.lab) {
          lab.run(e.cmd, e.stdin ?? "");
          continue;
        }
        compared++;
        if (replayMatches(lab, family, e)) matched++;
      }
      console.log(`kubectl server-side fidelity ${family}: ${matched}/${compared}`);
      expect(matched / compared).toBeGreaterThanOrEqual(baseline[family] ?? 1);
    });
  }
});
