// Every guided lab, solved through the headless engine: each step's check fails on the state
// the previous steps leave, and passes once its solution has run. A lab whose solution no longer
// works, or whose check passes without the learner doing anything, fails here.
import { describe, expect, it } from "vitest";
import { LABS } from "@/lib/labs/registry";
import { LabSession, replay } from "@/lib/labs/session";
import { solveLab } from "@/lib/labs/solve";
import { clusterView } from "@/lib/labs/view";

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
    });
  }

  it("has unique slugs and step ids", () => {
    expect(new Set(LABS.map((l) => l.slug)).size).toBe(LABS.length);
    for (const def of LABS) expect(new Set(def.steps.map((s) => s.id)).size).toBe(def.steps.length);
  });
});
