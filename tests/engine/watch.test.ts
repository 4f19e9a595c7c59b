import { describe, expect, it } from "vitest";
import { prefixEnd } from "@/lib/engine/etcd/bytes";
import { KvService } from "@/lib/engine/etcd/kv";
import { MvccStore } from "@/lib/engine/etcd/mvcc";
import { MAX_PENDING_EVENTS_PER_WATCHER, WatchHub, type WatchResponse } from "@/lib/engine/etcd/watch";

function setup() {
  const store = new MvccStore();
  return { store, kv: new KvService(store), hub: new WatchHub(store) };
}

const events = (responses: readonly WatchResponse[]) =>
  responses.flatMap((r) => r.events.map((e) => `${e.type} ${e.kv.key}=${e.kv.value}@${e.kv.modRevision}`));

describe("watch", () => {
  it("a new watch gets a created response, then every change on its prefix", () => {
    const { kv, hub } = setup();
    const id = hub.watch({ key: "/registry/pods/", rangeEnd: prefixEnd("/registry/pods/") });
    kv.put({ key: "/registry/pods/default/a", value: "1" });
    kv.put({ key: "/registry/services/x", value: "ignored" });
    kv.deleteRange({ key: "/registry/pods/default/a" });
    const out = hub.drain(id);
    expect(out[0]).toMatchObject({ created: true, revision: 1 });
    expect(events(out)).toEqual(["PUT /registry/pods/default/a=1@2", "DELETE /registry/pods/default/a=@4"]);
  });

  it("a watch from a past revision replays history first, in one batch (as etcd 3.4.23 does), then live changes", () => {
    const { kv, hub } = setup();
    kv.put({ key: "k", value: "1" }); // 2
    kv.txn({ compare: [], success: [{ put: { key: "k2", value: "a" } }, { put: { key: "k3", value: "b" } }], failure: [] }); // 3
    const id = hub.watch({ key: "k", rangeEnd: prefixEnd("k"), startRevision: 2 });
    kv.put({ key: "k", value: "2" }); // 4
    const out = hub.drain(id);
    expect(out.slice(1).map((r) => r.events.length)).toEqual([3, 1]);
    expect(events(out)).toEqual(["PUT k=1@2", "PUT k2=a@3", "PUT k3=b@3", "PUT k=2@4"]);
  });

  it("prev_kv carries the previous value, for live and historical events", () => {
    const { kv, hub } = setup();
    kv.put({ key: "k", value: "old" });
    kv.put({ key: "k", value: "new" });
    const id = hub.watch({ key: "k", startRevision: 3, prevKv: true });
    kv.deleteRange({ key: "k" });
    const evs = hub.drain(id).flatMap((r) => r.events);
    expect(evs.map((e) => [e.type, e.prevKv?.value])).toEqual([
      ["PUT", "old"],
      ["DELETE", "new"],
    ]);
  });

  it("filters drop puts or deletes", () => {
    const { kv, hub } = setup();
    const id = hub.watch({ key: "k", filters: ["NOPUT"] });
    kv.put({ key: "k", value: "1" });
    kv.deleteRange({ key: "k" });
    expect(events(hub.drain(id))).toEqual(["DELETE k=@3"]);
  });

  it("a watch whose start revision was compacted is canceled with the compact revision", () => {
    const { kv, store, hub } = setup();
    for (let i = 0; i < 5; i++) kv.put({ key: "k", value: String(i) });
    store.compact(4);
    const id = hub.watch({ key: "k", startRevision: 2 });
    const out = hub.drain(id);
    expect(out.at(-1)).toMatchObject({ canceled: true, compactRevision: 4 });
    expect(hub.size).toBe(0);
  });

  it("fans one write out to 1,000 watchers", () => {
    const { kv, hub } = setup();
    const ids = Array.from({ length: 1_000 }, () => hub.watch({ key: "/p/", rangeEnd: prefixEnd("/p/") }));
    kv.put({ key: "/p/x", value: "v" });
    expect(ids.every((id) => events(hub.drain(id)).length === 1)).toBe(true);
  });

  it("progress notifications carry the current revision; cancel stops a watch", () => {
    const { kv, hub } = setup();
    const id = hub.watch({ key: "k", progressNotify: true });
    kv.put({ key: "other", value: "x" });
    hub.drain(id);
    hub.notifyProgress();
    expect(hub.drain(id)).toEqual([{ watchId: id, revision: 2, events: [] }]);
    expect(hub.cancel(id)).toMatchObject({ canceled: true });
    kv.put({ key: "k", value: "after" });
    expect(hub.drain(id)).toEqual([]);
  });

  it("a watcher that never drains is canceled once its buffer is full", () => {
    const { kv, hub } = setup();
    const id = hub.watch({ key: "k" });
    for (let i = 0; i <= MAX_PENDING_EVENTS_PER_WATCHER; i++) kv.put({ key: "k", value: String(i) });
    expect(hub.size).toBe(0);
    expect(hub.drain(id).at(-1)).toMatchObject({ canceled: true });
  });
});
