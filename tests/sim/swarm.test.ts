import { describe, expect, it } from "vitest";
import { failureOf, runSeed } from "@/lib/engine/check/swarm";

// VOPR-style swarm: SWARM_SEEDS seeds (default 500) starting at SWARM_FROM (default 1).
// A failure prints the seed, what it picked, what broke, and the command that replays it.
const SEEDS = Number(process.env.SWARM_SEEDS ?? 500);
const FROM = Number(process.env.SWARM_FROM ?? 1);
const CHUNK = 50;

describe(`swarm: ${SEEDS} seeds from ${FROM}`, () => {
  for (let start = FROM; start < FROM + SEEDS; start += CHUNK) {
    const end = Math.min(start + CHUNK, FROM + SEEDS) - 1;
    it(`seeds ${start}..${end} keep Raft's safety properties, stay linearizable and converge after healing`, () => {
      const failures: string[] = [];
      let committed = 0;
      for (let seed = start; seed <= end; seed++) {
        const result = runSeed(seed);
        committed += result.committed;
        const failure = failureOf(result);
        if (failure) failures.push(failure);
      }
      expect(failures, failures.join("\n\n")).toEqual([]);
      // The scenarios must do real work, or passing means nothing.
      expect(committed).toBeGreaterThan((end - start + 1) * 10);
    }, 300_000);
  }
});
