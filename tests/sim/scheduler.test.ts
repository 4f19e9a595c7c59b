// The event queue's order is the simulation's order: dropping dead events must not change it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Scheduler } from "@/lib/engine/sim/scheduler";

const drain = (s: Scheduler<number>): number[] => {
  const out: number[] = [];
  for (let e = s.pop(); e; e = s.pop()) out.push(e.event);
  return out;
};

describe("Scheduler", () => {
  it("pops by time, then priority, then insertion order", () => {
    const s = new Scheduler<number>();
    s.at(5, 1);
    s.at(3, 2, 1);
    s.at(3, 3, 0);
    s.at(3, 4, 1);
    s.at(0, 5);
    expect(drain(s)).toEqual([5, 3, 2, 4, 1]);
  });

  it("removeWhere drops exactly the dead events and keeps the others' order", () => {
    const event = fc.record({ atMs: fc.integer({ min: 0, max: 50 }), priority: fc.integer({ min: 0, max: 2 }), dead: fc.boolean() });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 200 }), fc.integer({ min: 0, max: 200 }), (events, popsFirst) => {
        const pruned = new Scheduler<number>();
        const reference = new Scheduler<number>();
        events.forEach((e, i) => {
          pruned.at(e.atMs, i, e.priority);
          reference.at(e.atMs, i, e.priority);
        });
        // Some events run before the dead ones are dropped, as in the simulation.
        const before = [...Array(Math.min(popsFirst, events.length))].map(() => pruned.pop()!.event);
        expect(before).toEqual([...Array(before.length)].map(() => reference.pop()!.event));
        pruned.removeWhere((i) => events[i]!.dead);
        expect(drain(pruned)).toEqual(drain(reference).filter((i) => !events[i]!.dead));
      }),
      { numRuns: 2000 },
    );
  });
});
