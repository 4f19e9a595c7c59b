import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Rng } from "@/lib/engine/sim/rng";

const take = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.nextUint32());

/** sfc32 as its author writes it, on uint32 numbers: the engine's Int32Array version must agree draw for draw. */
function referenceSfc32(state: readonly [number, number, number, number]) {
  let [a, b, c, d] = state;
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
}

describe("Rng", () => {
  it("draws what the reference sfc32 draws from the same state, and saves that state as uint32", () => {
    const word = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(fc.tuple(word, word, word, word), (state) => {
        const rng = new Rng(0);
        rng.restore(state);
        expect(rng.save()).toEqual(state);
        const reference = referenceSfc32(state);
        for (let i = 0; i < 50; i++) expect(rng.nextUint32()).toBe(reference());
      }),
      { numRuns: 500 },
    );
  });

  it("replays the same sequence from the same seed, and another from another", () => {
    expect(take(new Rng(42), 20)).toEqual(take(new Rng(42), 20));
    expect(take(new Rng("lab-1"), 20)).toEqual(take(new Rng("lab-1"), 20));
    expect(take(new Rng(42), 20)).not.toEqual(take(new Rng(43), 20));
  });

  it("fork(label) does not depend on how far the parent has advanced", () => {
    const a = new Rng(7);
    const b = new Rng(7);
    take(b, 1000);
    expect(take(a.fork("network"), 10)).toEqual(take(b.fork("network"), 10));
    expect(take(a.fork("network"), 10)).not.toEqual(take(a.fork("disk"), 10));
  });

  it("adding a subsystem's fork leaves the other streams unchanged", () => {
    const before = new Rng(9);
    const net1 = take(before.fork("network"), 10);
    const after = new Rng(9);
    take(after.fork("new-subsystem"), 50);
    expect(take(after.fork("network"), 10)).toEqual(net1);
  });

  it("intn stays in range and covers it evenly", () => {
    const rng = new Rng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 100_000; i++) counts[rng.intn(10)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
    expect(() => rng.intn(0)).toThrow(RangeError);
  });

  it("save/restore resumes the exact sequence (for rewinding the world)", () => {
    const rng = new Rng(5);
    take(rng, 17);
    const state = rng.save();
    const next = take(rng, 10);
    rng.restore(state);
    expect(take(rng, 10)).toEqual(next);
  });
});
