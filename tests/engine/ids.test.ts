import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeClusterId, computeMemberId, idToHex } from "@/lib/engine/etcd/ids";
import { sha1 } from "@/lib/engine/etcd/sha1";

describe("sha1", () => {
  it("matches Node's implementation on any input", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (raw) => {
        const expected = createHash("sha1").update(raw).digest("hex");
        expect(Buffer.from(sha1(String.fromCharCode(...raw))).toString("hex")).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe("etcd ids (values observed on etcd 3.4.23)", () => {
  it("a member started with etcd's defaults: member 8e9e05c52164694d in cluster cdf818194e3a8c32", () => {
    // `etcd` with no flags: peer URL http://localhost:2380, token etcd-cluster. The real
    // server printed member_id 10276657743932975437 and cluster_id 14841639068965178418.
    const member = computeMemberId(["http://localhost:2380"], "etcd-cluster");
    expect(idToHex(member)).toBe("8e9e05c52164694d");
    expect(member).toBe(10276657743932975437n);
    expect(computeClusterId([member])).toBe(14841639068965178418n);
  });

  it("the same member advertising 127.0.0.1 instead of localhost gets another id", () => {
    expect(idToHex(computeMemberId(["http://127.0.0.1:2380"], "etcd-cluster"))).toBe("b71f75320dc06a6c");
  });

  it("the three members of etcd's Procfile cluster get the ids etcd's own docs show", () => {
    const ids = [12380, 22380, 32380].map((port) => computeMemberId([`http://127.0.0.1:${port}`], "etcd-cluster-1"));
    expect(ids.map(idToHex)).toEqual(["8211f1d0f64f3269", "91bc3c398fb3c146", "fd422379fda50e48"]);
  });

  it("peer URLs are sorted before hashing", () => {
    expect(computeMemberId(["http://b:2380", "http://a:2380"], "t")).toBe(computeMemberId(["http://a:2380", "http://b:2380"], "t"));
  });
});
