import { describe, expect, it } from "vitest";
import { checkLinearizable } from "@/lib/engine/check/linearizability";
import type { Operation } from "@/lib/engine/sim/world";

let n = 0;
const put = (
  key: string,
  value: string,
  invokeMs: number,
  returnMs: number | undefined,
  status: Operation["status"] = "ok",
): Operation => ({
  id: `p${++n}`,
  client: "c",
  kind: "put",
  key,
  value,
  invokeMs,
  returnMs,
  status,
});
const get = (key: string, value: string | undefined, invokeMs: number, returnMs: number): Operation => ({
  id: `g${++n}`,
  client: "c",
  kind: "get",
  key,
  value,
  invokeMs,
  returnMs,
  status: "ok",
});

describe("checkLinearizable", () => {
  it("accepts a sequential history", () => {
    expect(checkLinearizable([put("x", "1", 0, 1), get("x", "1", 2, 3), put("x", "2", 4, 5), get("x", "2", 6, 7)])).toEqual({ ok: true });
  });

  it("rejects a stale read after a completed write", () => {
    const result = checkLinearizable([put("x", "1", 0, 1), put("x", "2", 2, 3), get("x", "1", 4, 5)]);
    expect(result.ok).toBe(false);
  });

  it("accepts either order for concurrent operations", () => {
    expect(checkLinearizable([put("x", "1", 0, 10), get("x", "1", 1, 2), get("x", undefined, 0, 1)]).ok).toBe(true);
  });

  it("rejects reads that see a value, then an older one, while a single write is in flight", () => {
    // The write of 1 is concurrent with both reads, but once a read saw 1, a later read cannot see the old value.
    const result = checkLinearizable([put("x", "1", 0, 100), get("x", "1", 10, 20), get("x", undefined, 30, 40)]);
    expect(result.ok).toBe(false);
  });

  it("a timed-out write may have happened — or not", () => {
    expect(checkLinearizable([put("x", "1", 0, undefined, "timeout"), get("x", "1", 50, 60)]).ok).toBe(true);
    expect(checkLinearizable([put("x", "1", 0, undefined, "timeout"), get("x", undefined, 50, 60)]).ok).toBe(true);
  });

  it("checks keys independently and names the broken one", () => {
    const result = checkLinearizable([put("a", "1", 0, 1), get("a", "1", 2, 3), put("b", "1", 0, 1), get("b", "2", 2, 3)]);
    expect(result).toMatchObject({ ok: false, key: "b" });
  });

  it("ignores refused operations: they had no effect", () => {
    expect(checkLinearizable([put("x", "1", 0, 1, "failed"), get("x", undefined, 2, 3)]).ok).toBe(true);
  });
});
