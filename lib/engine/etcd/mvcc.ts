// etcd's multi-version key-value store (server/mvcc), modelled closely:
// - one global revision; every write transaction that changes something takes the next
//   main revision, and each change inside it a sub revision;
// - per key, a keyIndex of generations: a generation runs from a key's creation to its
//   deletion (a tombstone), so a key deleted and put again starts over at version 1;
// - every revision's key-value is kept until compaction, so reads at a past revision work;
// - compaction drops what no read at or after the compact revision can see;
// - a model of the bbolt backend's size: it grows with stored history, compaction frees
//   space inside the file (size in use), and only defragmentation shrinks the file.

import type { Bytes } from "./bytes";
import { Crc32c, marshalKeyValue, revisionKey } from "./hash";

export interface Revision {
  main: number;
  sub: number;
}

export interface KeyValue {
  key: Bytes;
  createRevision: number;
  modRevision: number;
  version: number;
  value: Bytes;
  /** Lease id (int64); 0n for none. */
  lease: bigint;
}

/** A change, as watchers see it; a DELETE's kv carries only the key and the revision. */
export interface MvccEvent {
  type: "PUT" | "DELETE";
  kv: KeyValue;
  prevKv?: KeyValue;
}

export class MvccError extends Error {
  override name = "MvccError";
}

/** Reads below the compacted revision. etcdserver reports it as "etcdserver: mvcc: required revision has been compacted". */
export class ErrCompacted extends MvccError {
  constructor() {
    super("mvcc: required revision has been compacted");
  }
}

/** Reads or compaction beyond the current revision. */
export class ErrFutureRev extends MvccError {
  constructor() {
    super("mvcc: required revision is a future revision");
  }
}

// ---------------------------------------------------------------------------- keyIndex

interface Generation {
  /** Number of revisions in this generation so far (the key's version at its last revision). */
  ver: number;
  created: Revision;
  revs: Revision[];
}

const emptyGeneration = (): Generation => ({ ver: 0, created: { main: 0, sub: 0 }, revs: [] });

class KeyIndex {
  modified: Revision = { main: 0, sub: 0 };
  generations: Generation[] = [emptyGeneration()];

  constructor(readonly key: Bytes) {}

  put(rev: Revision): void {
    const g = this.generations[this.generations.length - 1]!;
    if (g.revs.length === 0) g.created = rev;
    g.revs.push(rev);
    g.ver++;
    this.modified = rev;
  }

  /** Deletes the key at rev: the tombstone closes the current generation. */
  tombstone(rev: Revision): void {
    this.put(rev);
    this.generations.push(emptyGeneration());
  }

  isEmpty(): boolean {
    return this.generations.length === 1 && this.generations[0]!.revs.length === 0;
  }

  /** The generation visible at `rev`, if the key existed then (etcd's findGeneration). */
  private findGeneration(rev: number): Generation | undefined {
    const last = this.generations.length - 1;
    for (let cg = last; cg >= 0; cg--) {
      const g = this.generations[cg]!;
      if (g.revs.length === 0) continue;
      // A closed generation whose tombstone is at or before rev: the key was deleted then.
      if (cg !== last && g.revs[g.revs.length - 1]!.main <= rev) return undefined;
      if (g.revs[0]!.main <= rev) return g;
    }
    return undefined;
  }

  /** The key's revision, creation and version as of `atRev`; undefined when absent then. */
  get(atRev: number): { modified: Revision; created: Revision; version: number } | undefined {
    const g = this.findGeneration(atRev);
    if (!g) return undefined;
    for (let n = g.revs.length - 1; n >= 0; n--) {
      if (g.revs[n]!.main <= atRev) return { modified: g.revs[n]!, created: g.created, version: g.ver - (g.revs.length - n - 1) };
    }
    return undefined;
  }

  /**
   * Drops revisions no read at or after atRev needs; the revisions still needed are added
   * to `available` (etcd's keyIndex.compact).
   */
  compact(atRev: number, available: Set<number>): void {
    let genIdx = 0;
    let g = this.generations[0]!;
    // The first generation that contains atRev or was created after it.
    while (genIdx < this.generations.length - 1) {
      const tomb = g.revs[g.revs.length - 1]!.main;
      if (tomb > atRev) break;
      genIdx++;
      g = this.generations[genIdx]!;
    }
    let revIndex = -1;
    for (let i = g.revs.length - 1; i >= 0; i--) {
      if (g.revs[i]!.main <= atRev) {
        available.add(revKey(g.revs[i]!));
        revIndex = i;
        break;
      }
    }
    if (g.revs.length > 0) {
      if (revIndex !== -1) g.revs = g.revs.slice(revIndex);
      // Only a tombstone is left of a closed generation: nothing to keep.
      if (g.revs.length === 1 && genIdx !== this.generations.length - 1) {
        available.delete(revKey(g.revs[0]!));
        genIdx++;
      }
    }
    this.generations = this.generations.slice(genIdx);
  }
}

/** Revisions as one number for map keys (sub revisions stay below 2^16: a txn has at most 128 operations). */
function revKey(rev: Revision): number {
  return rev.main * 65536 + rev.sub;
}

// ---------------------------------------------------------------------------- size model

// Calibrated against etcd 3.4.23 (Debian's etcd-server): a fresh member reports
// dbSize 20480 and dbSizeInUse 16384; after 200 puts of 1,000-byte values on 10 keys,
// dbSize 307200 (this model: 303104, tests/engine/mvcc.test.ts).
/** A fresh data file's size ("DB SIZE 20 kB" in `endpoint status`). */
export const DB_BASE_BYTES = 20_480;
/** Of which pages in use: meta, freelist and the empty buckets. */
export const DB_BASE_IN_USE_BYTES = 16_384;
/** bbolt allocates in 4 KiB pages. */
export const DB_PAGE_BYTES = 4_096;
/** In use right after a defragmentation of a small database (etcd 3.4.23: 12288 bytes). */
export const DB_DEFRAGMENTED_IN_USE_BYTES = 12_288;
/** Bytes a stored revision costs beyond its key and value: the 17-byte revision key and the protobuf envelope. */
export const DB_RECORD_OVERHEAD_BYTES = 64;
/** B+tree leaf pages are not full: about three quarters on average. */
export const DB_PAGE_FILL = 0.75;

function recordBytes(kv: KeyValue): number {
  const raw = kv.key.length + kv.value.length + DB_RECORD_OVERHEAD_BYTES;
  // A record bigger than a page lives in whole overflow pages; small ones share partly filled pages.
  return raw > DB_PAGE_BYTES ? Math.ceil(raw / DB_PAGE_BYTES) * DB_PAGE_BYTES : raw / DB_PAGE_FILL;
}

// ---------------------------------------------------------------------------- the store

interface Stored {
  kv: KeyValue;
  tombstone: boolean;
}

export interface RangeOptions {
  /** Read as of this revision; 0 (default) for the current one. */
  rev?: number;
  /** At most this many results; 0 for no limit. */
  limit?: number;
  countOnly?: boolean;
}

export interface RangeResult {
  kvs: KeyValue[];
  /** How many keys matched, regardless of limit. */
  count: number;
  /** The store's revision when the read was served (the response header's revision). */
  rev: number;
}

export interface TxnWrite {
  range(key: Bytes, end: Bytes, options?: RangeOptions): RangeResult;
  put(key: Bytes, value: Bytes, lease: bigint): { prev: KeyValue | undefined };
  deleteRange(key: Bytes, end: Bytes): { deleted: KeyValue[] };
}

/** Is key inside [start, end)? end "" means only start itself; "\0" means every key from start. */
export function inRange(key: Bytes, start: Bytes, end: Bytes): boolean {
  if (end === "") return key === start;
  if (end === "\0") return key >= start;
  return key >= start && key < end;
}

export interface MvccDump {
  currentRev: number;
  compactMainRev: number;
  /** [revision as revKey, key-value, is a tombstone] */
  records: Array<[number, KeyValue, boolean]>;
  bytesInUse: number;
  overheadInUse: number;
  fileBytes: number;
}

export class MvccStore {
  /** Main revision of the last committed write. A new store is at revision 1, as etcd's. */
  currentRev = 1;
  compactMainRev = -1;
  private index = new Map<Bytes, KeyIndex>();
  /** Keys of `index`, sorted bytewise, for range scans. */
  private sortedKeys: Bytes[] = [];
  private backend = new Map<number, Stored>();
  /** Bytes of stored records (their pages' share). */
  private bytesInUse = 0;
  /** Pages bbolt uses for itself: meta, freelist, buckets. A defragmented file needs fewer. */
  private overheadInUse = DB_BASE_IN_USE_BYTES;
  private fileBytes = DB_BASE_BYTES;

  // -------------------------------------------------------------- reads

  range(key: Bytes, end: Bytes, options: RangeOptions = {}): RangeResult {
    return this.rangeAt(key, end, this.currentRev, options);
  }

  private rangeAt(key: Bytes, end: Bytes, currentRev: number, options: RangeOptions): RangeResult {
    const rev = options.rev && options.rev > 0 ? options.rev : currentRev;
    if (rev > currentRev) throw new ErrFutureRev();
    // The compact revision itself is still readable: compaction keeps every key's state at it.
    if (rev < this.compactMainRev) throw new ErrCompacted();
    if (end === "") {
      // One key: every compare and every kube-apiserver get, without the scan's arrays.
      const found = this.index.get(key)?.get(rev);
      const count = found ? 1 : 0;
      if (options.countOnly || !found) return { kvs: [], count, rev: currentRev };
      return { kvs: [this.backend.get(revKey(found.modified))!.kv], count, rev: currentRev };
    }
    const revs = this.revisions(key, end, rev);
    const limit = options.limit && options.limit > 0 ? options.limit : revs.length;
    if (options.countOnly) return { kvs: [], count: revs.length, rev: currentRev };
    const kvs = revs.slice(0, limit).map((r) => this.backend.get(revKey(r))!.kv);
    return { kvs, count: revs.length, rev: currentRev };
  }

  /** The modification revision of every key in [key, end) that exists at `atRev`, in key order. */
  private revisions(key: Bytes, end: Bytes, atRev: number): Revision[] {
    const out: Revision[] = [];
    if (end === "") {
      const found = this.index.get(key)?.get(atRev);
      if (found) out.push(found.modified);
      return out;
    }
    for (let i = lowerBound(this.sortedKeys, key); i < this.sortedKeys.length; i++) {
      const k = this.sortedKeys[i]!;
      if (!inRange(k, key, end)) break;
      const found = this.index.get(k)!.get(atRev);
      if (found) out.push(found.modified);
    }
    return out;
  }

  // -------------------------------------------------------------- writes

  /**
   * Runs one write transaction: every change in it shares the next main revision. A
   * transaction that changes nothing does not move the revision.
   */
  write<T>(fn: (txn: TxnWrite) => T): T {
    const main = this.currentRev + 1;
    let sub = 0;
    this.pendingEvents = [];
    const nextRev = (): Revision => ({ main, sub: sub++ });
    const txn: TxnWrite = {
      // Reads inside a write transaction see its own earlier changes (etcd's storeTxnWrite.Range).
      range: (key, end, options) => this.rangeAt(key, end, sub > 0 ? main : this.currentRev, options ?? {}),
      put: (key, value, lease) => this.put(key, value, lease, nextRev, main),
      deleteRange: (key, end) => this.deleteRange(key, end, nextRev, main),
    };
    const result = fn(txn);
    if (sub > 0) {
      this.currentRev = main;
      const events = this.pendingEvents;
      this.pendingEvents = [];
      for (const listener of this.listeners) listener(events, main);
    }
    return result;
  }

  private pendingEvents: MvccEvent[] = [];
  private readonly listeners: Array<(events: MvccEvent[], rev: number) => void> = [];

  /** Calls `listener` after every write transaction that changed something (the watch hub). */
  onCommit(listener: (events: MvccEvent[], rev: number) => void): void {
    this.listeners.push(listener);
  }

  /** Every change at or after `startRev` in [key, end), in revision order, from the stored history. */
  eventsSince(startRev: number, key: Bytes, end: Bytes): MvccEvent[] {
    if (startRev < this.compactMainRev) throw new ErrCompacted();
    const found: Array<[number, Stored]> = [];
    for (const [k, stored] of this.backend) {
      if (stored.kv.modRevision >= startRev && inRange(stored.kv.key, key, end)) found.push([k, stored]);
    }
    found.sort((a, b) => a[0] - b[0]);
    return found.map(([, stored]) =>
      stored.tombstone ? { type: "DELETE" as const, kv: stored.kv } : { type: "PUT" as const, kv: stored.kv },
    );
  }

  // Inside a write transaction at `main`, the state "at main" includes the transaction's
  // own earlier changes, which is what its later operations must see.
  private put(key: Bytes, value: Bytes, lease: bigint, nextRev: () => Revision, main: number): { prev: KeyValue | undefined } {
    let ki = this.index.get(key);
    const existing = ki?.get(main);
    const prev = existing ? this.backend.get(revKey(existing.modified))!.kv : undefined;
    const rev = nextRev();
    const kv: KeyValue = {
      key,
      value,
      lease,
      modRevision: rev.main,
      createRevision: prev ? prev.createRevision : rev.main,
      version: prev ? prev.version + 1 : 1,
    };
    if (!ki) {
      ki = new KeyIndex(key);
      this.index.set(key, ki);
      this.sortedKeys.splice(lowerBound(this.sortedKeys, key), 0, key);
    }
    ki.put(rev);
    this.store(rev, { kv, tombstone: false });
    this.pendingEvents.push(prev ? { type: "PUT", kv, prevKv: prev } : { type: "PUT", kv });
    return { prev };
  }

  private deleteRange(key: Bytes, end: Bytes, nextRev: () => Revision, main: number): { deleted: KeyValue[] } {
    const deleted = this.revisions(key, end, main).map((r) => this.backend.get(revKey(r))!.kv);
    for (const kv of deleted) {
      const rev = nextRev();
      this.index.get(kv.key)!.tombstone(rev);
      const tomb: KeyValue = { key: kv.key, value: "", lease: 0n, modRevision: rev.main, createRevision: 0, version: 0 };
      this.store(rev, { kv: tomb, tombstone: true });
      this.pendingEvents.push({ type: "DELETE", kv: tomb, prevKv: kv });
    }
    return { deleted };
  }

  private store(rev: Revision, stored: Stored): void {
    this.backend.set(revKey(rev), stored);
    this.bytesInUse += recordBytes(stored.kv);
    this.fileBytes = Math.max(this.fileBytes, this.dbSizeInUse() + DB_PAGE_BYTES);
  }

  // -------------------------------------------------------------- compaction and size

  /** Discards history before `rev`: reads below it fail with ErrCompacted from now on. */
  compact(rev: number): void {
    if (rev <= this.compactMainRev) throw new ErrCompacted();
    if (rev > this.currentRev) throw new ErrFutureRev();
    this.compactMainRev = rev;
    const available = new Set<number>();
    for (const [key, ki] of this.index) {
      ki.compact(rev, available);
      if (ki.isEmpty()) this.index.delete(key);
    }
    if (this.sortedKeys.length !== this.index.size) this.sortedKeys = this.sortedKeys.filter((k) => this.index.has(k));
    for (const [k, stored] of this.backend) {
      if (stored.kv.modRevision <= rev && !available.has(k)) {
        this.backend.delete(k);
        this.bytesInUse -= recordBytes(stored.kv);
      }
    }
  }

  /** Rewrites the data file without its free pages (etcdctl defrag). */
  defragment(): void {
    this.overheadInUse = DB_DEFRAGMENTED_IN_USE_BYTES;
    this.fileBytes = Math.max(DB_BASE_BYTES, this.dbSizeInUse() + DB_PAGE_BYTES);
  }

  /** The data file's size (etcd_mvcc_db_total_size_in_bytes, "DB SIZE"). */
  dbSize(): number {
    return this.fileBytes;
  }

  /** Bytes of the file holding live data (etcd_mvcc_db_total_size_in_use_in_bytes). */
  dbSizeInUse(): number {
    // The first leaf page has room for small records before the file needs another page.
    return this.overheadInUse + roundToPage(Math.max(0, this.bytesInUse - DB_PAGE_BYTES));
  }

  /** Keys that exist now (etcd_debugging_mvcc_keys_total). */
  keysTotal(): number {
    let n = 0;
    for (const ki of this.index.values()) if (ki.get(this.currentRev)) n++;
    return n;
  }

  // -------------------------------------------------------------- persistence

  /**
   * The store as plain data: the backend's records (what etcd's bbolt file holds) and the
   * size counters. Records are immutable, so a dump shares them with the store.
   */
  dump(): MvccDump {
    return {
      currentRev: this.currentRev,
      compactMainRev: this.compactMainRev,
      records: [...this.backend].map(([rev, stored]) => [rev, stored.kv, stored.tombstone]),
      bytesInUse: this.bytesInUse,
      overheadInUse: this.overheadInUse,
      fileBytes: this.fileBytes,
    };
  }

  /** Rebuilds a store from a dump; the key index is rebuilt from the records, as etcd does on start. */
  static load(dump: MvccDump): MvccStore {
    const store = new MvccStore();
    store.currentRev = dump.currentRev;
    store.compactMainRev = dump.compactMainRev;
    store.bytesInUse = dump.bytesInUse;
    store.overheadInUse = dump.overheadInUse;
    store.fileBytes = dump.fileBytes;
    const records = [...dump.records].sort((a, b) => a[0] - b[0]);
    for (const [k, kv, tombstone] of records) {
      const rev = { main: Math.floor(k / 65536), sub: k % 65536 };
      let ki = store.index.get(kv.key);
      if (!ki) {
        ki = new KeyIndex(kv.key);
        store.index.set(kv.key, ki);
      }
      if (tombstone) ki.tombstone(rev);
      else ki.put(rev);
      store.backend.set(k, { kv, tombstone });
    }
    store.sortedKeys = [...store.index.keys()].sort();
    return store;
  }

  /**
   * etcd's HashByRev: CRC-32C over the backend's records up to `rev` (0: now), skipping
   * records at or below the compact revision that a compaction at `rev` would not keep.
   */
  hashByRev(rev = 0): number {
    if (rev > 0 && rev <= this.compactMainRev) throw new ErrCompacted();
    if (rev > 0 && rev > this.currentRev) throw new ErrFutureRev();
    const at = rev === 0 ? this.currentRev : rev;
    const keep = new Set<number>();
    for (const ki of this.index.values()) {
      const found = ki.get(at);
      if (found) keep.add(revKey(found.modified));
    }
    const h = new Crc32c().write("key");
    const records = [...this.backend].filter(([k]) => Math.floor(k / 65536) <= at).sort((a, b) => a[0] - b[0]);
    for (const [k, stored] of records) {
      const main = Math.floor(k / 65536);
      if (main <= this.compactMainRev && keep.size > 0 && !keep.has(k)) continue;
      h.write(revisionKey(main, k % 65536, stored.tombstone));
      // A tombstone's stored value holds only the key.
      h.write(marshalKeyValue(stored.tombstone ? { key: stored.kv.key } : stored.kv));
    }
    return h.sum();
  }

  /** Revisions kept in the backend, tombstones included. */
  storedRevisions(): number {
    return this.backend.size;
  }
}

function roundToPage(bytes: number): number {
  return Math.ceil(bytes / DB_PAGE_BYTES) * DB_PAGE_BYTES;
}

/** First index whose key is >= `key`. */
function lowerBound(sorted: readonly Bytes[], key: Bytes): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
