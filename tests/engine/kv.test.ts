import { describe, expect, it } from "vitest";
import { prefixEnd } from "@/lib/engine/etcd/bytes";
import { KvService, MAX_TXN_OPS, type RequestOp, type TxnRequest } from "@/lib/engine/etcd/kv";
import { MvccStore } from "@/lib/engine/etcd/mvcc";

// Expectations marked "etcd 3.4.23" were observed on the real server (Debian's etcd-server).

function service() {
  return new KvService(new MvccStore());
}

const put = (key: string, value: string): RequestOp => ({ put: { key, value } });

describe("Range", () => {
  it("limit returns `more` and the full count (etcd 3.4.23: more true, count 2)", () => {
    const kv = service();
    kv.put({ key: "k1", value: "a" });
    kv.put({ key: "k2", value: "b" });
    kv.put({ key: "k1", value: "c" });
    const r = kv.range({ key: "k", rangeEnd: prefixEnd("k"), limit: 1 });
    expect(r).toMatchObject({ revision: 4, more: true, count: 2 });
    expect(r.kvs.map((x) => [x.key, x.value, x.createRevision, x.modRevision, x.version])).toEqual([["k1", "c", 2, 4, 2]]);
  });

  it("a sort target other than KEY sorts ascending by default (etcd 3.4.23: k2 before k1 by VERSION)", () => {
    const kv = service();
    kv.put({ key: "k1", value: "a" });
    kv.put({ key: "k2", value: "b" });
    kv.put({ key: "k1", value: "c" });
    expect(kv.range({ key: "k", rangeEnd: prefixEnd("k"), sortTarget: "VERSION" }).kvs.map((x) => x.key)).toEqual(["k2", "k1"]);
    expect(kv.range({ key: "k", rangeEnd: prefixEnd("k"), sortOrder: "DESCEND" }).kvs.map((x) => x.key)).toEqual(["k2", "k1"]);
  });

  it("sorting happens before the limit, and keys-only drops values", () => {
    const kv = service();
    for (const k of ["a", "b", "c"]) kv.put({ key: k, value: k.toUpperCase() });
    const r = kv.range({ key: "a", rangeEnd: "\0", sortOrder: "DESCEND", sortTarget: "KEY", limit: 2, keysOnly: true });
    expect(r.kvs.map((x) => [x.key, x.value])).toEqual([
      ["c", ""],
      ["b", ""],
    ]);
    expect(r.more).toBe(true);
  });

  it("filters by mod and create revision", () => {
    const kv = service();
    kv.put({ key: "a", value: "1" }); // 2
    kv.put({ key: "b", value: "1" }); // 3
    kv.put({ key: "a", value: "2" }); // 4
    expect(kv.range({ key: "a", rangeEnd: "\0", minModRevision: 4 }).kvs.map((x) => x.key)).toEqual(["a"]);
    expect(kv.range({ key: "a", rangeEnd: "\0", maxCreateRevision: 2 }).kvs.map((x) => x.key)).toEqual(["a"]);
  });

  it("refuses an empty key", () => {
    expect(() => service().range({ key: "" })).toThrow("etcdserver: key is not provided");
  });
});

describe("Put and DeleteRange", () => {
  it("ignore_value keeps the value (etcd 3.4.23: version 3, value kept) and needs the key to exist", () => {
    const kv = service();
    kv.put({ key: "k1", value: "c" });
    kv.put({ key: "k1", ignoreValue: true, value: "" });
    expect(kv.range({ key: "k1" }).kvs[0]).toMatchObject({ value: "c", version: 2 });
    expect(() => kv.put({ key: "missing", value: "", ignoreValue: true })).toThrow("etcdserver: key not found");
    expect(() => kv.put({ key: "k1", value: "x", ignoreValue: true })).toThrow("etcdserver: value is provided");
    expect(() => kv.put({ key: "k1", value: "x", lease: 5n, ignoreLease: true })).toThrow("etcdserver: lease is provided");
  });

  it("a lease must exist", () => {
    expect(() => service().put({ key: "k", value: "v", lease: 7n })).toThrow("etcdserver: requested lease not found");
  });

  it("prev_kv returns what was there", () => {
    const kv = service();
    expect(kv.put({ key: "k", value: "1", prevKv: true }).prevKv).toBeUndefined();
    expect(kv.put({ key: "k", value: "2", prevKv: true }).prevKv?.value).toBe("1");
  });

  it("deletes a prefix and reports the deleted keys (etcd 3.4.23: deleted 2, prev_kvs in key order)", () => {
    const kv = service();
    kv.put({ key: "k1", value: "a" });
    kv.put({ key: "k2", value: "b" });
    const r = kv.deleteRange({ key: "k", rangeEnd: prefixEnd("k"), prevKv: true });
    expect(r.deleted).toBe(2);
    expect(r.prevKvs.map((x) => x.key)).toEqual(["k1", "k2"]);
    expect(r.revision).toBe(4);
  });
});

describe("Txn", () => {
  it("takes the success branch when every compare holds, in one revision", () => {
    const kv = service();
    kv.put({ key: "user", value: "alice" });
    const r = kv.txn({
      compare: [{ key: "user", target: "VALUE", result: "EQUAL", value: "alice" }],
      success: [put("a", "1"), put("b", "2"), { range: { key: "a" } }],
      failure: [put("lost", "x")],
    });
    expect(r.succeeded).toBe(true);
    expect(r.revision).toBe(3);
    expect(kv.range({ key: "a", rangeEnd: "c" }).kvs.map((x) => x.modRevision)).toEqual([3, 3]);
    expect(r.responses[2]).toMatchObject({ range: { count: 1 } });
  });

  it("compares on a missing key: VALUE always fails; version/create/mod compare as 0", () => {
    const kv = service();
    const txn = (c: TxnRequest["compare"][number]) => kv.txn({ compare: [c], success: [], failure: [] }).succeeded;
    expect(txn({ key: "nokey", target: "VALUE", result: "EQUAL", value: "" })).toBe(false);
    expect(txn({ key: "nokey", target: "VERSION", result: "EQUAL", version: 0 })).toBe(true);
    expect(txn({ key: "nokey", target: "CREATE", result: "LESS", createRevision: 1 })).toBe(true);
    expect(txn({ key: "nokey", target: "LEASE", result: "EQUAL", lease: 0n })).toBe(true);
  });

  it("a compare over a range must hold for every key in it", () => {
    const kv = service();
    kv.put({ key: "p/a", value: "1" });
    kv.put({ key: "p/b", value: "2" });
    const r = kv.txn({
      compare: [{ key: "p/", rangeEnd: prefixEnd("p/"), target: "VALUE", result: "GREATER", value: "0" }],
      success: [],
      failure: [],
    });
    expect(r.succeeded).toBe(true);
    const r2 = kv.txn({
      compare: [{ key: "p/", rangeEnd: prefixEnd("p/"), target: "VALUE", result: "EQUAL", value: "1" }],
      success: [],
      failure: [],
    });
    expect(r2.succeeded).toBe(false);
  });

  it("a transaction that only reads does not move the revision", () => {
    const kv = service();
    kv.put({ key: "a", value: "1" });
    expect(kv.txn({ compare: [], success: [{ range: { key: "a" } }], failure: [] }).revision).toBe(2);
  });

  it("limits: at most 128 operations per branch; no key written twice", () => {
    const kv = service();
    const many = Array.from({ length: MAX_TXN_OPS + 1 }, (_, i) => put(`k${i}`, "v"));
    expect(() => kv.txn({ compare: [], success: many, failure: [] })).toThrow("etcdserver: too many operations in txn request");
    expect(() => kv.txn({ compare: [], success: many.slice(0, MAX_TXN_OPS), failure: [] })).not.toThrow();
    expect(() => kv.txn({ compare: [], success: [put("x", "1"), put("x", "2")], failure: [] })).toThrow(
      "etcdserver: duplicate key given in txn request",
    );
    expect(() =>
      kv.txn({ compare: [], success: [put("p/x", "1"), { deleteRange: { key: "p/", rangeEnd: prefixEnd("p/") } }], failure: [] }),
    ).toThrow("etcdserver: duplicate key given in txn request");
  });

  it("an impossible put on the chosen branch fails the whole transaction before anything is written", () => {
    const kv = service();
    const before = kv.store.currentRev;
    expect(() =>
      kv.txn({ compare: [], success: [put("first", "1"), { put: { key: "missing", value: "", ignoreValue: true } }], failure: [] }),
    ).toThrow("etcdserver: key not found");
    expect(kv.store.currentRev).toBe(before);
    expect(kv.range({ key: "first" }).kvs).toEqual([]);
  });

  it("nested transactions decide their branches on the state before the outer one ran", () => {
    const kv = service();
    const r = kv.txn({
      compare: [],
      success: [
        put("flag", "set"),
        {
          txn: {
            compare: [{ key: "flag", target: "VALUE", result: "EQUAL", value: "set" }],
            success: [put("inner", "yes")],
            failure: [put("inner", "no")],
          },
        },
      ],
      failure: [],
    });
    expect(kv.range({ key: "inner" }).kvs[0]!.value).toBe("no");
    expect(r.responses[1]).toMatchObject({ txn: { succeeded: false, revision: 2 } });
  });
});
