// The MVCC store and KV service against an independent, deliberately naive model: a list
// of every change ever made, replayed to answer any read. Random sequences of puts,
// deletes, transactions, reads at past revisions and compactions must agree on revisions,
// create/mod revisions, versions, values, counts and txn outcomes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prefixEnd } from "@/lib/engine/etcd/bytes";
import { KvService, type RequestOp } from "@/lib/engine/etcd/kv";
import { MvccStore, ErrCompacted, ErrFutureRev } from "@/lib/engine/etcd/mvcc";

interface Change {
  rev: number;
  key: string;
  value: string | undefined; // undefined: deleted
}

interface Row {
  key: string;
  value: string;
  createRevision: number;
  modRevision: number;
  version: number;
}

class Model {
  rev = 1;
  // As etcd: nothing compacted is -1, so compacting at 0 is allowed once.
  compacted = -1;
  changes: Change[] = [];

  state(at = this.rev): Map<string, Row> {
    const rows = new Map<string, Row>();
    for (const c of this.changes) {
      if (c.rev > at) break;
      if (c.value === undefined) {
        rows.delete(c.key);
        continue;
      }
      const prev = rows.get(c.key);
      rows.set(c.key, {
        key: c.key,
        value: c.value,
        createRevision: prev?.createRevision ?? c.rev,
        modRevision: c.rev,
        version: (prev?.version ?? 0) + 1,
      });
    }
    return rows;
  }

  range(start: string, end: string, at: number): Row[] | "compacted" | "future" {
    const rev = at || this.rev;
    if (rev > this.rev) return "future";
    if (rev < this.compacted) return "compacted";
    return [...this.state(rev).values()]
      .filter((r) => (end === "" ? r.key === start : r.key >= start && r.key < end))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  /** Applies writes as one revision (if any of them changes something). */
  write(ops: Array<{ put: [string, string] } | { del: [string, string] }>): void {
    const next = this.rev + 1;
    const pending: Change[] = [];
    const current = () => {
      const rows = this.state();
      for (const c of pending) {
        if (c.value === undefined) rows.delete(c.key);
        else rows.set(c.key, { key: c.key, value: c.value, createRevision: 0, modRevision: 0, version: 0 });
      }
      return rows;
    };
    for (const op of ops) {
      if ("put" in op) pending.push({ rev: next, key: op.put[0], value: op.put[1] });
      else {
        const [start, end] = op.del;
        for (const key of [...current().keys()].sort()) {
          if (end === "" ? key === start : key >= start && key < end) pending.push({ rev: next, key, value: undefined });
        }
      }
    }
    if (pending.length === 0) return;
    this.rev = next;
    this.changes.push(...pending);
  }
}

const KEYS = ["a", "ab", "b", "b0", "c"];
const key = fc.constantFrom(...KEYS);
const value = fc.constantFrom("", "x", "y", "zz");
const range = fc.oneof(
  key.map((k) => [k, ""] as [string, string]),
  key.map((k) => [k, prefixEnd(k)] as [string, string]),
  fc.tuple(key, key).map(([a, b]) => (a < b ? [a, b] : [b, a]) as [string, string]),
);

type Cmd =
  | { t: "put"; key: string; value: string }
  | { t: "del"; range: [string, string] }
  | { t: "get"; range: [string, string]; back: number }
  | { t: "txn"; key: string; version: number; then: [string, string]; otherwise: [string, string] }
  | { t: "compact"; back: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.record({ t: fc.constant("put" as const), key, value }),
  fc.record({ t: fc.constant("del" as const), range }),
  fc.record({ t: fc.constant("get" as const), range, back: fc.integer({ min: -1, max: 6 }) }),
  fc.record({
    t: fc.constant("txn" as const),
    key,
    version: fc.integer({ min: 0, max: 3 }),
    then: fc.tuple(key, value),
    otherwise: fc.tuple(key, value),
  }),
  fc.record({ t: fc.constant("compact" as const), back: fc.integer({ min: 0, max: 4 }) }),
);

const rows = (kvs: Array<{ key: string; value: string; createRevision: number; modRevision: number; version: number }>) =>
  kvs.map(({ key: k, value: v, createRevision, modRevision, version }) => ({ key: k, value: v, createRevision, modRevision, version }));

describe("the KV store against a naive model", () => {
  it("agrees on every revision, read, count and txn outcome", () => {
    fc.assert(
      fc.property(fc.array(cmd, { maxLength: 60 }), (cmds) => {
        const store = new MvccStore();
        const kv = new KvService(store);
        const model = new Model();
        for (const c of cmds) {
          switch (c.t) {
            case "put":
              expect(kv.put({ key: c.key, value: c.value }).revision).toBe((model.write([{ put: [c.key, c.value] }]), model.rev));
              break;
            case "del": {
              const expected = (model.range(c.range[0], c.range[1], 0) as Row[]).length;
              const r = kv.deleteRange({ key: c.range[0], rangeEnd: c.range[1] });
              model.write([{ del: c.range }]);
              expect([r.deleted, r.revision]).toEqual([expected, model.rev]);
              break;
            }
            case "get": {
              // back -1 asks for a revision in the future.
              const at = c.back < 0 ? model.rev + 1 : Math.max(0, model.rev - c.back);
              const expected = model.range(c.range[0], c.range[1], at);
              let actual: unknown;
              try {
                const r = kv.range({ key: c.range[0], rangeEnd: c.range[1], revision: at });
                expect(r.count).toBe(r.kvs.length);
                expect(r.revision).toBe(model.rev);
                actual = rows(r.kvs);
              } catch (error) {
                actual = error instanceof ErrCompacted ? "compacted" : error instanceof ErrFutureRev ? "future" : error;
              }
              expect(actual).toEqual(Array.isArray(expected) ? rows(expected) : expected);
              break;
            }
            case "txn": {
              const current = model.state().get(c.key);
              const succeeded = (current?.version ?? 0) === c.version;
              const ops = (pair: [string, string]): RequestOp[] => [{ put: { key: pair[0], value: pair[1] } }, { range: { key: c.key } }];
              const r = kv.txn({
                compare: [{ key: c.key, target: "VERSION", result: "EQUAL", version: c.version }],
                success: ops(c.then),
                failure: ops(c.otherwise),
              });
              const chosen = succeeded ? c.then : c.otherwise;
              model.write([{ put: chosen }]);
              expect([r.succeeded, r.revision]).toEqual([succeeded, model.rev]);
              // The range after the put sees the put: a txn reads its own writes.
              const read = r.responses[1]!;
              expect("range" in read && rows(read.range.kvs)).toEqual(rows(model.range(c.key, "", 0) as Row[]));
              break;
            }
            case "compact": {
              const at = model.rev - c.back;
              if (at <= model.compacted) expect(() => store.compact(at)).toThrow(ErrCompacted);
              else {
                store.compact(at);
                model.compacted = at;
              }
              break;
            }
          }
          expect(store.currentRev).toBe(model.rev);
        }
      }),
      { numRuns: 300 },
    );
  });
});
