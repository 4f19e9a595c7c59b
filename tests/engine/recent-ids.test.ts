// The applied-request ids a member remembers: the last N, the oldest forgotten first.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RecentIds } from "@/lib/engine/etcd/member";

describe("RecentIds", () => {
  it("holds exactly the last `capacity` ids added, and a clone holds the same and goes on alike", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 30 }),
        (capacity, n, more) => {
          const ids = new RecentIds(capacity);
          for (let i = 0; i < n; i++) ids.add(`id${i}`);
          const kept = (added: number, r: RecentIds) => [...Array(added + 1).keys()].map((i) => r.has(`id${i}`));
          const expected = (added: number) => [...Array(added + 1).keys()].map((i) => i < added && i >= added - capacity);
          expect(kept(n, ids)).toEqual(expected(n));
          const copy = ids.clone();
          for (let i = n; i < n + more; i++) {
            ids.add(`id${i}`);
            copy.add(`id${i}`);
          }
          expect(kept(n + more, copy)).toEqual(expected(n + more));
          expect(kept(n + more, ids)).toEqual(expected(n + more));
        },
      ),
    );
  });
});
