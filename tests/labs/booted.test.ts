// The server's replays start from a session booted ahead (lib/labs/booted.ts): it must replay a
// run exactly as a session booted for it does, even after it waited while other runs of the same
// lab were replayed, and it is handed out once.
import { describe, expect, it } from "vitest";
import { bootAhead, bootedAhead, bootedForReplay, bootForReplay } from "@/lib/labs/booted";
import { findLab } from "@/lib/labs/registry";
import { LabSession } from "@/lib/labs/session";
import { solveLab } from "@/lib/labs/solve";
import { replayForQuestion } from "@/lib/labs/verify";

const LAB = "kubernetes-in-etcd";

/** A solved run of the lab, and how a fresh replay of it ends. */
function solvedRun() {
  const def = findLab(LAB)!;
  const session = new LabSession(def.seed, def.topology, def.slug);
  for (const step of solveLab(def, session)) expect(step.passedAfter).toBe(true);
  return { run: session.run, endMs: session.nowMs - session.bootedMs };
}

function ending(session: LabSession): string {
  return session.lab.cluster.world.fingerprint() + JSON.stringify(session.history);
}

describe("replay sessions booted ahead", () => {
  it("hands a booted session out once, and boots one again only for a lab that used its own", () => {
    const def = findLab(LAB)!;
    bootedForReplay(def);
    bootAhead();
    expect(bootedAhead(LAB)).toBe(true);
    const first = bootedForReplay(def);
    expect(bootedAhead(LAB)).toBe(false);
    const second = bootedForReplay(def);
    expect(second).not.toBe(first);
    expect(second.nowMs).toBe(second.bootedMs);
    bootAhead();
    expect(bootedAhead(LAB)).toBe(true);
    bootAhead();
    expect(bootedAhead("etcdctl-basics")).toBe(false);
  });

  it("replays a run exactly as a session booted for it, after waiting while another replay ran", () => {
    const { run, endMs } = solvedRun();
    bootedForReplay(findLab(LAB)!);
    // Nothing waits now: this replay boots its own session.
    const fresh = replayForQuestion(LAB, run, endMs);
    if (!fresh.ok) throw new Error(fresh.error);
    bootAhead();
    expect(bootedAhead(LAB)).toBe(true);
    // Another replay boots its own meanwhile (the waiting one is taken by the next).
    const def = findLab(LAB)!;
    const other = bootForReplay(def);
    other.advance(60_000);
    const ahead = replayForQuestion(LAB, run, endMs);
    if (!ahead.ok) throw new Error(ahead.error);
    expect(bootedAhead(LAB)).toBe(false);
    expect(ahead.session).not.toBe(fresh.session);
    expect(ending(ahead.session)).toBe(ending(fresh.session));
  });
});
