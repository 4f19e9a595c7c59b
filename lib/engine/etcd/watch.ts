// etcd's watch (server/mvcc/watchable_store.go), on the MVCC store: watchers on a key or
// range from a start revision, catching up from history ("unsynced") and then receiving
// every new change ("synced"); prev_kv; NOPUT/NODELETE filters; progress notifications;
// cancellation with the compact revision when the start revision was compacted away.

import type { Bytes } from "./bytes";
import { inRange, type MvccEvent, type MvccStore } from "./mvcc";

export type WatchFilter = "NOPUT" | "NODELETE";

export interface WatchRequest {
  key: Bytes;
  rangeEnd?: Bytes;
  /** 0 (default): from the next change on. */
  startRevision?: number;
  prevKv?: boolean;
  filters?: WatchFilter[];
  progressNotify?: boolean;
}

export interface WatchResponse {
  watchId: number;
  /** Header revision: the store's revision when the response was made. */
  revision: number;
  events: MvccEvent[];
  created?: boolean;
  canceled?: boolean;
  /** Set when the watch was canceled because its start revision was compacted. */
  compactRevision?: number;
}

/**
 * Events a watcher may have waiting before it counts as abandoned and is canceled. etcd
 * keeps slow watchers as "victims" and retries; the simulator bounds memory instead.
 */
export const MAX_PENDING_EVENTS_PER_WATCHER = 10_000;

/** Revisions of history one catch-up response carries at most. */
export const WATCH_BATCH_MAX_REVS = 1000;

interface Watcher {
  id: number;
  key: Bytes;
  end: Bytes;
  prevKv: boolean;
  noPut: boolean;
  noDelete: boolean;
  progressNotify: boolean;
  pending: WatchResponse[];
  pendingEvents: number;
}

const NO_RESPONSES: readonly WatchResponse[] = Object.freeze([]);

export class WatchHub {
  private watchers = new Map<number, Watcher>();
  private nextId = 0;

  constructor(private readonly store: MvccStore) {
    store.onCommit((events, rev) => this.deliver(events, rev));
  }

  get size(): number {
    return this.watchers.size;
  }

  /** Creates a watcher; its first responses (created, history or compaction) are queued at once. */
  watch(req: WatchRequest): number {
    const w: Watcher = {
      id: this.nextId++,
      key: req.key,
      end: req.rangeEnd ?? "",
      prevKv: req.prevKv ?? false,
      noPut: req.filters?.includes("NOPUT") ?? false,
      noDelete: req.filters?.includes("NODELETE") ?? false,
      progressNotify: req.progressNotify ?? false,
      pending: [],
      pendingEvents: 0,
    };
    const rev = this.store.currentRev;
    w.pending.push({ watchId: w.id, revision: rev, events: [], created: true });
    const start = req.startRevision ?? 0;
    if (start > 0 && start < this.store.compactMainRev) {
      // The history it asks for is gone: etcd answers with the compact revision and cancels.
      w.pending.push({ watchId: w.id, revision: rev, events: [], canceled: true, compactRevision: this.store.compactMainRev });
      this.orphans.set(w.id, w.pending);
      return w.id;
    }
    this.watchers.set(w.id, w);
    if (start > 0 && start <= rev) {
      // Unsynced: catch up from history in batches of whole revisions (etcd's watchBatchMaxRevs).
      const history = groupByRevision(this.store.eventsSince(start, w.key, w.end));
      for (let i = 0; i < history.length; i += WATCH_BATCH_MAX_REVS) {
        this.push(w, history.slice(i, i + WATCH_BATCH_MAX_REVS).flat(), rev, true);
      }
    }
    return w.id;
  }

  /** Responses of watchers that ended on their own (compacted) and are no longer registered. */
  private orphans = new Map<number, WatchResponse[]>();

  cancel(id: number): WatchResponse | undefined {
    const w = this.watchers.get(id);
    if (!w) return undefined;
    this.watchers.delete(id);
    return { watchId: id, revision: this.store.currentRev, events: [], canceled: true };
  }

  /** Takes the responses waiting for watcher `id`. */
  drain(id: number): readonly WatchResponse[] {
    const orphan = this.orphans.get(id);
    if (orphan) {
      this.orphans.delete(id);
      return orphan;
    }
    const w = this.watchers.get(id);
    // Asked after every applied write for every watch of the member: most have nothing new.
    if (!w || w.pending.length === 0) return NO_RESPONSES;
    const out = w.pending;
    w.pending = [];
    w.pendingEvents = 0;
    return out;
  }

  /** Progress notifications (etcd sends them every 10 minutes by default): an empty response with the current revision. */
  notifyProgress(): void {
    for (const w of this.watchers.values()) {
      if (w.progressNotify) w.pending.push({ watchId: w.id, revision: this.store.currentRev, events: [] });
    }
  }

  private deliver(events: MvccEvent[], rev: number): void {
    for (const w of this.watchers.values()) this.push(w, events, rev, false);
  }

  private push(w: Watcher, events: MvccEvent[], headerRev: number, historical: boolean): void {
    // One loop, and an array only for a watcher that gets something: every write passes every
    // watcher of the member (kube-apiserver keeps one per resource type), and most match none.
    let matching: MvccEvent[] | undefined;
    for (const e of events) {
      if (!inRange(e.kv.key, w.key, w.end)) continue;
      if ((e.type === "PUT" && w.noPut) || (e.type === "DELETE" && w.noDelete)) continue;
      (matching ??= []).push(w.prevKv ? this.withPrev(e, historical) : { type: e.type, kv: e.kv });
    }
    if (!matching) return;
    w.pending.push({ watchId: w.id, revision: headerRev, events: matching });
    w.pendingEvents += matching.length;
    if (w.pendingEvents > MAX_PENDING_EVENTS_PER_WATCHER) {
      this.watchers.delete(w.id);
      this.orphans.set(w.id, [...w.pending, { watchId: w.id, revision: headerRev, events: [], canceled: true }]);
    }
  }

  /** A historical event's previous value is read at the revision before it, if not compacted. */
  private withPrev(e: MvccEvent, historical: boolean): MvccEvent {
    if (!historical) return e;
    try {
      const prev = this.store.range(e.kv.key, "", { rev: e.kv.modRevision - 1 }).kvs[0];
      return prev ? { type: e.type, kv: e.kv, prevKv: prev } : { type: e.type, kv: e.kv };
    } catch {
      return { type: e.type, kv: e.kv };
    }
  }
}

function groupByRevision(events: MvccEvent[]): MvccEvent[][] {
  const groups: MvccEvent[][] = [];
  for (const e of events) {
    const last = groups.at(-1);
    if (last && last[0]!.kv.modRevision === e.kv.modRevision) last.push(e);
    else groups.push([e]);
  }
  return groups;
}
