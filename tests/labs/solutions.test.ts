// Every guided lab, solved through the headless engine: each step's check fails on the state
// the previous steps leave, and passes once its solution has run. A lab whose solution no longer
// works, or whose check passes without the learner doing anything, fails here.
import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { hashString } from "@/lib/engine/sim/rng";
import { LABS } from "@/lib/labs/registry";
import { ENGINE_VERSION, LabSession, replay } from "@/lib/labs/session";
import { solveLab } from "@/lib/labs/solve";
import { clusterView } from "@/lib/labs/view";

// How each lab's solved run ends, hashed: what a run of this engine replays to. A change to the
// engine that moves it must bump ENGINE_VERSION, or runs recorded before it would be verified
// against a replay that differs (see lib/labs/session.ts).
const GOLDEN = new URL("./engine-golden.json", import.meta.url);
const golden = JSON.parse(readFileSync(GOLDEN, "utf8")) as { engine: number; labs: Record<string, string> };
const replayed: Record<string, string> = {};
const UPDATE = "UPDATE_ENGINE_GOLDEN=1 npx vitest run tests/labs/solutions.test.ts";

describe("guided labs: the solutions solve them", () => {
  for (const def of LABS) {
    it(`${def.slug}: every step fails before its solution and passes after it; the run replays the same without metrics or the view's trace`, () => {
      const session = new LabSession(def.seed, def.topology, def.slug);
      for (const step of solveLab(def, session)) {
        expect(step.passedBefore, `${step.id} passes before its solution`).toBe(false);
        expect(step.passedAfter, `${step.id} fails after its solution:\n${step.transcript}`).toBe(true);
      }
      // The server verifies runs without the lab's Prometheus and without the view's trace of
      // messages: neither may change anything else.
      const bare = replay(session.run, session.nowMs, undefined, { metrics: false, view: false });
      expect(bare.prometheus).toBeUndefined();
      expect(bare.lab.cluster.world.fingerprint()).toBe(session.lab.cluster.world.fingerprint());
      const { links, messages, ...rest } = clusterView(bare);
      const { links: watchedLinks, messages: watchedMessages, ...watched } = clusterView(session);
      expect(rest).toEqual(watched);
      expect([links, messages]).toEqual([[], []]);
      // (A lone member sends no messages to trace.)
      const peers = session.lab.cluster.serverConfigs().length > 1;
      expect(watchedMessages.length > 0 && watchedLinks.length > 0).toBe(peers);
      expect(bare.history).toEqual(session.history);
      const world = session.lab.cluster.world.fingerprint() + JSON.stringify(session.history);
      replayed[def.slug] = (hashString(world) >>> 0).toString(16).padStart(8, "0");
    });
  }

  it("replay as the engine version says: ENGINE_VERSION is bumped when the solutions replay differently", () => {
    if (process.env.UPDATE_ENGINE_GOLDEN) {
      writeFileSync(GOLDEN, `${JSON.stringify({ engine: ENGINE_VERSION, labs: replayed }, null, 2)}\n`);
      return;
    }
    if (golden.engine !== ENGINE_VERSION)
      expect.fail(`ENGINE_VERSION is ${ENGINE_VERSION} but the golden file records ${golden.engine}: ${UPDATE}`);
    const changed = Object.keys(replayed).filter((slug) => replayed[slug] !== golden.labs[slug]);
    expect(changed, `these labs replay differently: bump ENGINE_VERSION in lib/labs/session.ts, then ${UPDATE}`).toEqual([]);
  });

  it("has unique slugs and step ids", () => {
    expect(new Set(LABS.map((l) => l.slug)).size).toBe(LABS.length);
    for (const def of LABS) expect(new Set(def.steps.map((s) => s.id)).size).toBe(def.steps.length);
  });
});
