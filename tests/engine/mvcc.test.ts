import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FROM_KEY_END, fromText, prefixEnd, toText } from "@/lib/engine/etcd/bytes";
import { ErrCompacted, ErrFutureRev, MvccStore, type KeyValue } from "@/lib/engine/etcd/mvcc";

const put = (s: MvccStore, key: string, value: string, lease = 0n) => s.write((t) => t.put(key, value, lease));
const del = (s: MvccStore, key: string, end = "") => s.write((t) => t.deleteRange(key, end));
const brief = (kv: KeyValue) => [kv.key, kv.value, kv.createRevision, kv.modRevision, kv.version];

describe("MVCC revisions, as etcd's", () => {
  it("a new store is at revision 1; each write takes the next revision; versions count per generation", () => {
    const s = new MvccStore();
    expect(s.currentRev).toBe(1);
    put(s, "foo", "bar");
    expect(brief(s.range("foo", "").kvs[0]!)).toEqual(["foo", "bar", 2, 2, 1]);
    put(s, "foo", "baz");
    expect(brief(s.range("foo", "").kvs[0]!)).toEqual(["foo", "baz", 2, 3, 2]);
    expect(del(s, "foo").deleted.map((kv) => kv.value)).toEqual(["baz"]);
    expect(s.currentRev).toBe(4);
    expect(s.range("foo", "").kvs).toEqual([]);
    // A new generation after the tombstone: created again, version 1.
    put(s, "foo", "again");
    expect(brief(s.range("foo", "").kvs[0]!)).toEqual(["foo", "again", 5, 5, 1]);
  });

  it("reads at a past revision see the past", () => {
    const s = new MvccStore();
    put(s, "k", "v1");
    put(s, "k", "v2");
    del(s, "k");
    expect(s.range("k", "", { rev: 2 }).kvs.map((kv) => kv.value)).toEqual(["v1"]);
    expect(s.range("k", "", { rev: 3 }).kvs.map((kv) => kv.value)).toEqual(["v2"]);
    expect(s.range("k", "", { rev: 4 }).kvs).toEqual([]);
    expect(s.range("k", "", { rev: 1 }).kvs).toEqual([]);
    expect(() => s.range("k", "", { rev: 5 })).toThrow(ErrFutureRev);
    expect(() => s.range("k", "", { rev: 5 })).toThrow("mvcc: required revision is a future revision");
  });

  it("all changes of one transaction share a revision, with increasing sub revisions", () => {
    const s = new MvccStore();
    s.write((t) => {
      t.put("a", "1", 0n);
      t.put("b", "2", 0n);
      // Later operations in the transaction see earlier ones.
      expect(t.range("a", "").kvs.map((kv) => kv.value)).toEqual(["1"]);
    });
    expect(s.currentRev).toBe(2);
    expect(s.range("a", "c").kvs.map((kv) => kv.modRevision)).toEqual([2, 2]);
  });

  it("a transaction that changes nothing does not move the revision", () => {
    const s = new MvccStore();
    expect(del(s, "missing").deleted).toEqual([]);
    s.write((t) => t.range("x", ""));
    expect(s.currentRev).toBe(1);
  });

  it("ranges: prefix, from-key, limit and count, in bytewise key order", () => {
    const s = new MvccStore();
    for (const k of ["/registry/pods/b", "/registry/pods/a", "/registry/services/x", "/a", "z"]) put(s, k, k);
    const pods = s.range("/registry/pods/", prefixEnd("/registry/pods/"));
    expect(pods.kvs.map((kv) => kv.key)).toEqual(["/registry/pods/a", "/registry/pods/b"]);
    expect(pods.count).toBe(2);
    const limited = s.range("/registry/", prefixEnd("/registry/"), { limit: 1 });
    expect(limited.kvs.map((kv) => kv.key)).toEqual(["/registry/pods/a"]);
    expect(limited.count).toBe(3);
    expect(s.range("/registry/services", FROM_KEY_END).kvs.map((kv) => kv.key)).toEqual(["/registry/services/x", "z"]);
    expect(s.range("", FROM_KEY_END, { countOnly: true })).toMatchObject({ kvs: [], count: 5 });
    expect(s.range("/", prefixEnd("/")).kvs[0]!.key).toBe("/a");
  });

  it("prefixEnd increments the last byte below 0xff, and an all-0xff prefix means every key", () => {
    expect(prefixEnd("abc")).toBe("abd");
    expect(prefixEnd("a\xff")).toBe("b");
    expect(prefixEnd("\xff\xff")).toBe("\0");
    expect(prefixEnd("")).toBe("\0");
  });
});

describe("compaction", () => {
  it("drops history before the revision; reads there fail with etcd's errors", () => {
    const s = new MvccStore();
    put(s, "k", "v1"); // 2
    put(s, "k", "v2"); // 3
    put(s, "k", "v3"); // 4
    s.compact(3);
    expect(() => s.range("k", "", { rev: 2 })).toThrow(ErrCompacted);
    expect(() => s.range("k", "", { rev: 2 })).toThrow("mvcc: required revision has been compacted");
    // The compact revision itself stays readable.
    expect(s.range("k", "", { rev: 3 }).kvs[0]!.value).toBe("v2");
    expect(s.range("k", "", { rev: 4 }).kvs[0]!.value).toBe("v3");
    expect(() => s.compact(3)).toThrow(ErrCompacted);
    expect(() => s.compact(99)).toThrow(ErrFutureRev);
  });

  it("keeps the revision each key had at the compact revision", () => {
    const s = new MvccStore();
    put(s, "a", "1"); // 2
    put(s, "b", "1"); // 3
    put(s, "a", "2"); // 4
    s.compact(4);
    put(s, "c", "1"); // 5
    expect(s.range("", FROM_KEY_END, { rev: 5 }).kvs.map((kv) => [kv.key, kv.value])).toEqual([
      ["a", "2"],
      ["b", "1"],
      ["c", "1"],
    ]);
    expect(s.storedRevisions()).toBe(3);
  });

  it("forgets keys deleted before the compact revision entirely", () => {
    const s = new MvccStore();
    put(s, "gone", "x"); // 2
    del(s, "gone"); // 3
    put(s, "kept", "y"); // 4
    s.compact(4);
    expect(s.storedRevisions()).toBe(1);
    expect(s.range("", FROM_KEY_END).kvs.map((kv) => kv.key)).toEqual(["kept"]);
    put(s, "gone", "back");
    expect(brief(s.range("gone", "").kvs[0]!)).toEqual(["gone", "back", 5, 5, 1]);
  });
});

describe("the backend size model", () => {
  it("matches etcd 3.4.23's figures: fresh member, then 200 puts of 1,000-byte values on 10 keys", () => {
    const s = new MvccStore();
    expect([s.dbSize(), s.dbSizeInUse()]).toEqual([20_480, 16_384]);
    for (let i = 1; i <= 200; i++) put(s, `key${i % 10}`, "x".repeat(1_000));
    // Real etcd reported dbSize 307200 after this sequence; the model stays within 2%.
    expect(Math.abs(s.dbSize() - 307_200) / 307_200).toBeLessThan(0.02);
  });

  it("grows with history; compaction frees space in use but only defragmentation shrinks the file", () => {
    const s = new MvccStore();
    expect(s.dbSize()).toBe(20_480);
    const value = "x".repeat(10_000);
    for (let i = 0; i < 100; i++) put(s, "big", value + i);
    const grown = s.dbSize();
    expect(grown).toBeGreaterThan(1_000_000);
    s.compact(s.currentRev);
    expect(s.dbSize()).toBe(grown);
    expect(s.dbSizeInUse()).toBeLessThan(100_000);
    s.defragment();
    // The rewritten file holds what is in use plus a page of slack, and never less than a fresh file.
    expect(s.dbSize()).toBe(Math.max(20_480, s.dbSizeInUse() + 4096));
    expect(s.dbSize()).toBeLessThan(grown);
    expect(s.dbSize() % 4096).toBe(0);
  });

  it("matches etcd 3.4.23's figures for a small database (20480 file, 16384 in use; 12288 in use after defrag)", () => {
    const s = new MvccStore();
    put(s, "a", "1");
    put(s, "b", "2");
    expect([s.dbSize(), s.dbSizeInUse()]).toEqual([20_480, 16_384]);
    s.defragment();
    expect([s.dbSize(), s.dbSizeInUse()]).toEqual([20_480, 12_288]);
  });
});

describe("bytes", () => {
  it("UTF-8 conversion matches the platform's TextEncoder/TextDecoder", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), (text) => {
        const bytes = fromText(text);
        expect([...bytes].map((c) => c.charCodeAt(0))).toEqual([...new TextEncoder().encode(text)]);
        expect(toText(bytes)).toBe(text);
      }),
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (raw) => {
        const bytes = String.fromCharCode(...raw);
        expect(toText(bytes)).toBe(new TextDecoder().decode(raw));
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------
// Property test: the store against an independent, obviously-correct model that keeps the
// whole keyspace at every revision.

type ModelKv = { value: string; create: number; mod: number; version: number };
type Op =
  | { kind: "put"; key: string; value: string }
  | { kind: "delete"; key: string; prefix: boolean }
  | { kind: "compact"; back: number }
  | { kind: "range"; key: string; prefix: boolean; back: number; limit: number };

const keyArb = fc.constantFrom("a", "ab", "abc", "b", "ba", "c", "\xff", "a\xff");
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("put" as const), key: keyArb, value: fc.string({ maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), key: keyArb, prefix: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("compact" as const), back: fc.nat(5) }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant("range" as const), key: keyArb, prefix: fc.boolean(), back: fc.nat(6), limit: fc.nat(3) }),
  },
);

describe("MvccStore against a simple model (fast-check)", () => {
  it("agrees on revisions, versions, ranges at any revision, limits, counts and compaction errors", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const store = new MvccStore();
        const history: Array<Map<string, ModelKv>> = [];
        history[1] = new Map();
        let rev = 1;
        let compacted = -1;
        const at = (r: number) => history[r]!;
        const matches = (k: string, key: string, prefix: boolean) => (prefix ? k.startsWith(key) : k === key);
        for (const op of ops) {
          if (op.kind === "put") {
            const cur = at(rev);
            const prev = cur.get(op.key);
            const next = new Map(cur);
            next.set(op.key, { value: op.value, create: prev ? prev.create : rev + 1, mod: rev + 1, version: prev ? prev.version + 1 : 1 });
            put(store, op.key, op.value);
            history[++rev] = next;
          } else if (op.kind === "delete") {
            const cur = at(rev);
            const doomed = [...cur.keys()].filter((k) => matches(k, op.key, op.prefix));
            const { deleted } = del(store, op.key, op.prefix ? prefixEnd(op.key) : "");
            expect(deleted.map((kv) => kv.key).sort()).toEqual(doomed.sort());
            if (doomed.length > 0) {
              const next = new Map(cur);
              for (const k of doomed) next.delete(k);
              history[++rev] = next;
            }
          } else if (op.kind === "compact") {
            const target = Math.max(1, rev - op.back);
            if (target <= compacted) {
              expect(() => store.compact(target)).toThrow(ErrCompacted);
            } else {
              store.compact(target);
              compacted = target;
            }
          } else {
            const target = Math.max(1, rev - op.back);
            const run = () => store.range(op.key, op.prefix ? prefixEnd(op.key) : "", { rev: target, limit: op.limit });
            if (target < compacted) {
              expect(run).toThrow(ErrCompacted);
              continue;
            }
            const expected = [...at(target)]
              .filter(([k]) => matches(k, op.key, op.prefix))
              .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
            const result = run();
            expect(result.count).toBe(expected.length);
            const limited = op.limit > 0 ? expected.slice(0, op.limit) : expected;
            expect(result.kvs.map((kv) => [kv.key, kv.value, kv.createRevision, kv.modRevision, kv.version])).toEqual(
              limited.map(([k, m]) => [k, m.value, m.create, m.mod, m.version]),
            );
          }
          expect(store.currentRev).toBe(rev);
        }
      }),
      { numRuns: 500 },
    );
  });
});
