// RawNode.pendingReady() lets the simulator send a Ready that holds only messages without
// building it (takeMessages). That shortcut is only sound if the classification is exact: this
// drives three nodes through random ticks, proposals, reads and message deliveries and checks,
// before every Ready, that "none" / "messages" / "full" says what ready() then holds.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MemoryStorage, RawNode, type Message, type Ready } from "@/lib/engine/raft";
import { Rng } from "@/lib/engine/sim/rng";

const IDS = ["a", "b", "c"];

function holdsOnlyMessages(rd: Ready): boolean {
  return (
    rd.messages.length > 0 &&
    rd.entries.length === 0 &&
    rd.committedEntries.length === 0 &&
    rd.readStates.length === 0 &&
    !rd.hardState &&
    !rd.softState &&
    !rd.snapshot
  );
}

type Action =
  { kind: "tick"; node: number } | { kind: "deliver"; pick: number } | { kind: "propose"; node: number } | { kind: "read"; node: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("tick" as const), node: fc.nat(2) }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant("deliver" as const), pick: fc.nat(50) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("propose" as const), node: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("read" as const), node: fc.nat(2) }) },
);

describe("RawNode.pendingReady", () => {
  it("is 'messages' exactly when the Ready holds messages and nothing else, and 'none' when there is none", () => {
    // Over all runs, each answer must have come up (else the property says little).
    const seen = { none: 0, messages: 0, full: 0 };
    fc.assert(
      fc.property(fc.array(action, { minLength: 50, maxLength: 400 }), fc.nat(), (actions, seed) => {
        const rng = new Rng(seed);
        const nodes = IDS.map((id) => {
          const storage = new MemoryStorage();
          storage.setConfState({ voters: IDS, learners: [] });
          return new RawNode({ id, storage, electionTick: 10, heartbeatTick: 1, checkQuorum: true, preVote: false, random: rng.fork(id) });
        });
        const inFlight: Message[] = [];
        const drive = (i: number) => {
          const node = nodes[i]!;
          for (;;) {
            const kind = node.pendingReady();
            seen[kind]++;
            expect(node.hasReady()).toBe(kind !== "none");
            if (kind === "none") return;
            const rd = node.ready();
            expect(holdsOnlyMessages(rd)).toBe(kind === "messages");
            const storage = node.raft.raftLog.storage as MemoryStorage;
            if (rd.snapshot) storage.applySnapshot(rd.snapshot);
            storage.append(rd.entries);
            if (rd.hardState) storage.setHardState(rd.hardState);
            inFlight.push(...rd.messages);
            node.advance(rd);
          }
        };
        let requests = 0;
        for (const a of actions) {
          if (a.kind === "tick") {
            nodes[a.node]!.tick();
            drive(a.node);
          } else if (a.kind === "deliver") {
            const msg = inFlight.splice(a.pick % Math.max(1, inFlight.length), 1)[0];
            if (!msg) continue;
            const to = IDS.indexOf(msg.to);
            try {
              nodes[to]!.step(msg);
            } catch {
              // A dropped proposal or a response from an unknown peer: the simulator ignores both too.
            }
            drive(to);
          } else {
            try {
              if (a.kind === "propose") nodes[a.node]!.propose(`p${requests++}`);
              else nodes[a.node]!.readIndex(`r${requests++}`);
            } catch {
              // No leader to take it.
            }
            drive(a.node);
          }
        }
      }),
      { numRuns: 200 },
    );
    expect(seen.none).toBeGreaterThan(0);
    expect(seen.messages).toBeGreaterThan(100);
    expect(seen.full).toBeGreaterThan(100);
  });
});
