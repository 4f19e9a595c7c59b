import { describe, expect, it } from "vitest";
import { computeMemberId, idToHex } from "@/lib/engine/etcd/ids";
import { Lessor, RequestIdGenerator, minLeaseTtlSeconds } from "@/lib/engine/etcd/lease";
import { decode, encode } from "@/lib/engine/etcd/member";

describe("lease ids", () => {
  it("carry the member id's low 16 bits, like etcd 3.4.23's 694da21233e74b05 for member 8e9e05c52164694d", () => {
    const member = computeMemberId(["http://localhost:2380"], "etcd-cluster");
    const gen = new RequestIdGenerator(member, 0x12345678);
    const first = gen.nextLeaseId();
    gen.next(); // the grant's own request id
    const second = gen.nextLeaseId();
    expect(idToHex(first).slice(0, 4)).toBe("694d");
    expect(second - first).toBe(2n);
    expect(first).toBeGreaterThan(0n);
  });
});

describe("Lessor", () => {
  const minTtl = minLeaseTtlSeconds(10, 100);

  it("raises a TTL to the minimum: 2 s with etcd's default timing (etcd 3.4.23: grant 1 → TTL(2s))", () => {
    expect(minTtl).toBe(2);
    const lessor = new Lessor(minTtl);
    expect(lessor.grant(1n, 1, 0).ttl).toBe(2);
    expect(() => lessor.grant(2n, 9_000_000_001, 0)).toThrow("etcdserver: too large lease TTL");
    expect(() => lessor.grant(1n, 10, 0)).toThrow("etcdserver: lease already exists");
  });

  it("only the leader expires leases; keep-alive and promotion renew them", () => {
    const lessor = new Lessor(minTtl);
    lessor.grant(7n, 5, 0);
    expect(lessor.expired(60_000)).toEqual([]); // a follower never expires leases
    lessor.promote(1_000);
    expect(lessor.remainingSeconds(7n, 1_000)).toBe(5);
    expect(lessor.expired(5_999)).toEqual([]);
    expect(lessor.renew(7n, 4_000)).toBe(5);
    expect(lessor.expired(8_999)).toEqual([]);
    expect(lessor.expired(9_000)).toEqual([7n]);
    expect(lessor.remainingSeconds(7n, 9_500)).toBe(-1);
    lessor.demote();
    expect(lessor.expired(100_000)).toEqual([]);
  });

  it("revoking returns the attached keys; a key lives on one lease at a time", () => {
    const lessor = new Lessor(minTtl);
    lessor.grant(1n, 10, 0);
    lessor.grant(2n, 10, 0);
    lessor.attach(1n, "b");
    lessor.attach(1n, "a");
    lessor.attach(2n, "c");
    lessor.attach(2n, "a");
    expect(lessor.revoke(1n)).toEqual(["b"]);
    expect(lessor.revoke(2n)).toEqual(["a", "c"]);
    expect(() => lessor.revoke(1234n)).toThrow("etcdserver: requested lease not found");
    expect(lessor.list()).toEqual([]);
  });
});

describe("proposal encoding", () => {
  it("keeps 64-bit lease ids through JSON, and text that only looks like an encoded one", () => {
    const value = { put: { key: "k", value: '{"$big":"7"}', lease: 7587869913390400000n }, list: [{ id: 1n }, { id: 2 }] };
    const text = encode(value);
    expect(decode(text)).toEqual(value);
    // Without bigints the text is plain JSON, and decodes to the same.
    const plain = { put: { key: "$big", value: '"$big"' } };
    expect(encode(plain)).toBe(JSON.stringify(plain));
    expect(decode(encode(plain))).toEqual(plain);
  });
});
