import { describe, expect, it } from "vitest";
import { Transcript } from "@/lib/engine/check/transcript";
import { World, type RunEvent } from "@/lib/engine/sim/world";

// Golden transcripts: scripted scenarios whose message-level transcripts are committed
// under tests/golden/raft/. A change in Raft's behaviour fails here with a readable diff;
// when the change is intended, rewrite them with `npx vitest run tests/sim/golden.test.ts -u`.

/** Omit over each member of a union (plain Omit would merge the union's members). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type EventBody = DistributiveOmit<RunEvent, "atMs">;
type Step = { atMs: number; note: string; event?: EventBody; put?: string };

function scenario(name: string, steps: Step[], untilMs: number, members = 3) {
  it(name, async () => {
    const transcript = new Transcript();
    const world = new World({ seed: 1, topology: { members }, events: [] }, { observers: [transcript] });
    for (const step of steps) {
      world.runUntil(step.atMs);
      transcript.note(world.nowMs, step.note);
      if (step.event) world.schedule({ ...step.event, atMs: world.nowMs } as RunEvent);
      if (step.put) world.put(world.leader() ?? "1", "key", step.put);
    }
    world.runUntil(untilMs);
    await expect(transcript.toString()).toMatchFileSnapshot(`../golden/raft/${name}.txt`);
  });
}

describe("golden transcripts", () => {
  scenario("election", [{ atMs: 0, note: "three members start; nobody is leader" }], 1_300);

  scenario(
    "leader-crash",
    [
      { atMs: 1_300, note: "write through the leader", put: "before-crash" },
      { atMs: 1_400, note: "crash the leader (member 1)", event: { kind: "crash", member: "1" } },
      { atMs: 3_000, note: "write through the new leader", put: "after-crash" },
      { atMs: 3_100, note: "restart member 1", event: { kind: "restart", member: "1" } },
    ],
    3_600,
  );

  scenario(
    "partition-and-heal",
    [
      { atMs: 1_300, note: "cut the leader (member 1) off from 2 and 3", event: { kind: "isolate", member: "1" } },
      { atMs: 2_900, note: "write through the majority's new leader", put: "majority" },
      { atMs: 3_000, note: "heal the network", event: { kind: "heal" } },
    ],
    3_500,
  );

  scenario(
    "membership-change",
    [
      { atMs: 1_300, note: "add member 4 as a learner", event: { kind: "addMember", member: "4", learner: true } },
      { atMs: 1_800, note: "promote member 4 to voter", event: { kind: "promoteMember", member: "4" } },
      { atMs: 2_300, note: "remove member 3", event: { kind: "removeMember", member: "3" } },
    ],
    2_800,
  );
});
