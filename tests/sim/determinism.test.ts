import { describe, expect, it } from "vitest";
import { runSeed } from "@/lib/engine/check/swarm";
import { World } from "@/lib/engine/sim/world";

describe("determinism", () => {
  it.each([3, 17, 42])("seed %i gives the same world, bit for bit, every time", (seed) => {
    expect(runSeed(seed).fingerprint).toBe(runSeed(seed).fingerprint);
  });

  it.each([5, 23])("the recorded run's JSON replays to the same state (seed %i)", (seed) => {
    const original = runSeed(seed);
    const replayed = new World(JSON.parse(JSON.stringify(original.run)));
    replayed.runUntil(original.endMs);
    expect(replayed.fingerprint()).toBe(original.fingerprint);
    expect(replayed.history.length).toBeGreaterThan(10);
  });

  it("different seeds give different runs", () => {
    expect(runSeed(1).fingerprint).not.toBe(runSeed(2).fingerprint);
  });
});

describe("save and restore (rewind)", () => {
  it.each([4, 11, 29])("restoring a saved world and running on gives the same future (seed %i)", (seed) => {
    const original = runSeed(seed);
    const world = new World(JSON.parse(JSON.stringify(original.run)));
    world.runUntil(12_345);
    const saved = world.save();
    world.runUntil(original.endMs);
    const straight = world.fingerprint();
    // Rewind to 12.345 s and run the same stretch again.
    world.restore(saved);
    expect(world.nowMs).toBe(12_345);
    world.runUntil(original.endMs);
    expect(world.fingerprint()).toBe(straight);
    expect(straight).toBe(original.fingerprint);
  });

  it("a snapshot is independent of the world that goes on running", () => {
    const world = new World({ seed: 8, topology: { members: 3 }, events: [] });
    world.runUntil(2_000);
    const saved = world.save();
    const before = JSON.stringify(saved.members.map((m) => m.node?.raft.term));
    world.runUntil(60_000);
    expect(JSON.stringify(saved.members.map((m) => m.node?.raft.term))).toBe(before);
  });
});
