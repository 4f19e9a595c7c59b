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
