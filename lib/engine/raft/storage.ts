import { ErrCompacted, ErrSnapOutOfDate, ErrUnavailable } from "./errors";
import { emptyHardState, emptySnapshot, entrySize, type ConfState, type Entry, type HardState, type Snapshot } from "./types";

/**
 * The read side of a member's stable storage, as Raft sees it (etcd-io/raft's Storage).
 * Raft never writes through it: the application persists what `Ready` hands out, then
 * appends to its storage, then calls `advance`.
 */
export interface Storage {
  initialState(): { hardState: HardState; confState: ConfState };
  /** Entries in [lo, hi), at most `maxSize` bytes but always at least one. Throws ErrCompacted / ErrUnavailable. */
  entries(lo: number, hi: number, maxSize: number): Entry[];
  /** The term of entry i; throws ErrCompacted below firstIndex-1, ErrUnavailable past lastIndex. */
  term(i: number): number;
  lastIndex(): number;
  /** Index of the first entry still available (the one after the snapshot). */
  firstIndex(): number;
  snapshot(): Snapshot;
}

/** Keeps at most `maxSize` bytes of `entries`, but always the first one. */
export function limitSize(entries: Entry[], maxSize: number): Entry[] {
  if (entries.length === 0) return entries;
  let size = entrySize(entries[0]!);
  let limit = 1;
  for (; limit < entries.length; limit++) {
    size += entrySize(entries[limit]!);
    if (size > maxSize) break;
  }
  return limit === entries.length ? entries : entries.slice(0, limit);
}

/**
 * Storage in memory (etcd-io/raft's MemoryStorage). `ents[0]` is a dummy entry holding
 * the index and term of the last compaction (or snapshot), so term(firstIndex - 1) works.
 */
export class MemoryStorage implements Storage {
  private hardState: HardState = emptyHardState();
  private snap: Snapshot = emptySnapshot();
  private ents: Entry[] = [{ term: 0, index: 0, type: "normal", data: "" }];

  initialState() {
    return { hardState: { ...this.hardState }, confState: structuredCloneConfState(this.snap.metadata.confState) };
  }

  /**
   * Sets the configuration a (re)starting member begins with. etcd keeps it in the
   * snapshot and re-applies the conf changes committed after it; a new cluster's members
   * start from the initial configuration.
   */
  setConfState(cs: ConfState): void {
    this.snap = { ...this.snap, metadata: { ...this.snap.metadata, confState: structuredCloneConfState(cs) } };
  }

  setHardState(hs: HardState): void {
    this.hardState = { ...hs };
  }

  entries(lo: number, hi: number, maxSize: number): Entry[] {
    const offset = this.ents[0]!.index;
    if (lo <= offset) throw new ErrCompacted();
    if (hi > this.lastIndex() + 1) throw new RangeError(`entries' hi(${hi}) is out of bound lastindex(${this.lastIndex()})`);
    // Only the dummy entry: nothing stored.
    if (this.ents.length === 1) throw new ErrUnavailable();
    return limitSize(this.ents.slice(lo - offset, hi - offset), maxSize);
  }

  term(i: number): number {
    const offset = this.ents[0]!.index;
    if (i < offset) throw new ErrCompacted();
    if (i - offset >= this.ents.length) throw new ErrUnavailable();
    return this.ents[i - offset]!.term;
  }

  lastIndex(): number {
    return this.ents[0]!.index + this.ents.length - 1;
  }

  firstIndex(): number {
    return this.ents[0]!.index + 1;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /** Replaces the whole storage with a snapshot (a follower receiving InstallSnapshot). */
  applySnapshot(snapshot: Snapshot): void {
    if (this.snap.metadata.index >= snapshot.metadata.index) throw new ErrSnapOutOfDate();
    this.snap = snapshot;
    this.ents = [{ term: snapshot.metadata.term, index: snapshot.metadata.index, type: "normal", data: "" }];
  }

  /** Makes a snapshot at applied index i (the application's state `data`), for log compaction. */
  createSnapshot(i: number, confState: ConfState | undefined, data: string): Snapshot {
    if (i <= this.snap.metadata.index) throw new ErrSnapOutOfDate();
    const offset = this.ents[0]!.index;
    if (i > this.lastIndex()) throw new RangeError(`snapshot ${i} is out of bound lastindex(${this.lastIndex()})`);
    this.snap = {
      data,
      metadata: {
        index: i,
        term: this.ents[i - offset]!.term,
        confState: confState ? structuredCloneConfState(confState) : this.snap.metadata.confState,
      },
    };
    return this.snap;
  }

  /** Discards entries before compactIndex; the application must not compact past its applied index. */
  compact(compactIndex: number): void {
    const offset = this.ents[0]!.index;
    if (compactIndex <= offset) throw new ErrCompacted();
    if (compactIndex > this.lastIndex()) throw new RangeError(`compact ${compactIndex} is out of bound lastindex(${this.lastIndex()})`);
    const i = compactIndex - offset;
    const head = this.ents[i]!;
    this.ents = [{ term: head.term, index: head.index, type: "normal", data: "" }, ...this.ents.slice(i + 1)];
  }

  /** Appends entries, replacing any conflicting suffix. Entries must be continuous. */
  append(entries: readonly Entry[]): void {
    if (entries.length === 0) return;
    const first = this.firstIndex();
    const last = entries[0]!.index + entries.length - 1;
    if (last < first) return; // all already compacted
    // Drop the part of the new entries that is already compacted.
    let ents = entries;
    if (first > entries[0]!.index) ents = entries.slice(first - entries[0]!.index);
    const offset = ents[0]!.index - this.ents[0]!.index;
    if (offset > this.ents.length) throw new RangeError(`missing log entry [last: ${this.lastIndex()}, append at: ${ents[0]!.index}]`);
    // In place: appending at the end is the common case and must not copy the whole log.
    // (save() copies the array, so no snapshot of the world shares it.)
    if (offset < this.ents.length) this.ents.length = offset;
    for (const e of ents) this.ents.push(e);
  }

  /** Everything, for snapshots of the simulated world. */
  save(): { hardState: HardState; snapshot: Snapshot; entries: Entry[] } {
    return { hardState: { ...this.hardState }, snapshot: this.snap, entries: this.ents.slice() };
  }

  static load(saved: { hardState: HardState; snapshot: Snapshot; entries: Entry[] }): MemoryStorage {
    const storage = new MemoryStorage();
    storage.hardState = { ...saved.hardState };
    storage.snap = saved.snapshot;
    storage.ents = saved.entries.slice();
    return storage;
  }
}

function structuredCloneConfState(cs: ConfState): ConfState {
  return { voters: [...cs.voters], learners: [...cs.learners] };
}
