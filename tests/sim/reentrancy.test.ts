// An application that answers a client from inside the apply loop, and the client writes
// again at once (what an API server over etcd does): the World must finish the member's
// current Ready before handing it the next one.
import { describe, expect, it } from "vitest";
import { World, type WorldObserver } from "@/lib/engine/sim/world";

describe("proposals made while a Ready is being handled", () => {
  it("are taken up after the Ready is advanced, not in the middle of it", () => {
    let world: World | undefined = undefined;
    let chained = 0;
    let reads = 0;
    const observer: WorldObserver = {
      onApplied(member, entry) {
        // On the leader, every applied put triggers a linearizable read and the next put, synchronously.
        if (!entry.data || chained >= 200 || world!.leader() !== member) return;
        world!.readIndex(member, `read-${chained}`);
        // Two writes per applied one: the log grows while earlier entries are being acknowledged.
        for (let i = 0; i < 2 && chained < 200; i++) {
          chained++;
          world!.propose(member, JSON.stringify({ op: "put", id: `chain-${chained}`, key: "k", value: String(chained) }));
        }
      },
      onReadReady() {
        reads++;
      },
    };
    world = new World({ seed: 3, topology: { members: 3 }, events: [] }, { observers: [observer] });
    while (!world.leader()) world.runFor(100);
    world.put(world.leader()!, "k", "start");
    expect(() => world!.runFor(5_000)).not.toThrow();
    expect(chained).toBe(200);
    expect(reads).toBeGreaterThan(50);
    for (const id of world.ids) expect(world.member(id).app.read("k")).toBe("200");
  });
});
