import { ErrCompacted, ErrUnavailable } from "./errors";
import { limitSize, type Storage } from "./storage";
import type { Entry, Snapshot } from "./types";

/**
 * Entries not yet written to stable storage (etcd-io/raft's unstable). `entries[i]` has
 * index `offset + i`; a snapshot, if any, precedes them.
 */
class Unstable {
  snapshot: Snapshot | undefined;
  entries: Entry[] = [];
  offset: number;

  constructor(offset: number) {
    this.offset = offset;
  }

  maybeFirstIndex(): number | undefined {
    return this.snapshot ? this.snapshot.metadata.index + 1 : undefined;
  }

  maybeLastIndex(): number | undefined {
    if (this.entries.length > 0) return this.offset + this.entries.length - 1;
    return this.snapshot?.metadata.index;
  }

  maybeTerm(i: number): number | undefined {
    if (i < this.offset) {
      if (this.snapshot && this.snapshot.metadata.index === i) return this.snapshot.metadata.term;
      return undefined;
    }
    const last = this.maybeLastIndex();
    if (last === undefined || i > last) return undefined;
    return this.entries[i - this.offset]!.term;
  }

  stableTo(i: number, t: number): void {
    const gt = this.maybeTerm(i);
    // Only if the entry is still the one that was written (no newer leader replaced it).
    if (gt === t && i >= this.offset) {
      this.entries = this.entries.slice(i + 1 - this.offset);
      this.offset = i + 1;
    }
  }

  stableSnapTo(i: number): void {
    if (this.snapshot && this.snapshot.metadata.index === i) this.snapshot = undefined;
  }

  restore(snapshot: Snapshot): void {
    this.offset = snapshot.metadata.index + 1;
    this.entries = [];
    this.snapshot = snapshot;
  }

  truncateAndAppend(ents: readonly Entry[]): void {
    const after = ents[0]!.index;
    if (after === this.offset + this.entries.length) {
      this.entries = this.entries.concat(ents);
    } else if (after <= this.offset) {
      // Replace everything unstable; the storage's conflicting suffix is replaced when these are persisted.
      this.offset = after;
      this.entries = ents.slice();
    } else {
      this.entries = this.entries.slice(0, after - this.offset).concat(ents);
    }
  }

  slice(lo: number, hi: number): Entry[] {
    return this.entries.slice(lo - this.offset, hi - this.offset);
  }
}

/** The log as Raft sees it: stable storage plus the unstable tail (etcd-io/raft's raftLog). */
export class RaftLog {
  readonly storage: Storage;
  readonly unstable: Unstable;
  /** Highest index known to be committed by a quorum. */
  committed: number;
  /** Highest index the application has applied. Invariant: applied <= committed. */
  applied: number;

  constructor(storage: Storage) {
    this.storage = storage;
    const first = storage.firstIndex();
    const last = storage.lastIndex();
    this.unstable = new Unstable(last + 1);
    this.committed = first - 1;
    this.applied = first - 1;
  }

  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  lastTerm(): number {
    return this.term(this.lastIndex());
  }

  /** The term of entry i; throws ErrCompacted when it is gone, returns 0 outside the log. */
  term(i: number): number {
    const dummy = this.firstIndex() - 1;
    if (i < dummy || i > this.lastIndex()) return 0;
    const t = this.unstable.maybeTerm(i);
    if (t !== undefined) return t;
    try {
      return this.storage.term(i);
    } catch (error) {
      if (error instanceof ErrUnavailable) return 0;
      throw error;
    }
  }

  /** term(i), with 0 for a compacted entry (where only the answer "not matching" matters). */
  zeroTermOnCompacted(i: number): number {
    try {
      return this.term(i);
    } catch (error) {
      if (error instanceof ErrCompacted) return 0;
      throw error;
    }
  }

  matchTerm(i: number, term: number): boolean {
    return this.zeroTermOnCompacted(i) === term;
  }

  /**
   * The follower's side of AppendEntries: if the entry at `index` has `logTerm`, appends
   * `ents` (replacing a conflicting suffix), advances commit to min(committed, last new
   * index) and returns the last new index; otherwise undefined (reject).
   */
  maybeAppend(index: number, logTerm: number, committed: number, ents: readonly Entry[]): number | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNew = index + ents.length;
    const conflict = this.findConflict(ents);
    if (conflict !== 0) {
      if (conflict <= this.committed) throw new Error(`entry ${conflict} conflict with committed entry [committed(${this.committed})]`);
      this.append(ents.slice(conflict - (index + 1)));
    }
    this.commitTo(Math.min(committed, lastNew));
    return lastNew;
  }

  append(ents: readonly Entry[]): number {
    if (ents.length === 0) return this.lastIndex();
    const after = ents[0]!.index - 1;
    if (after < this.committed) throw new Error(`after(${after}) is out of range [committed(${this.committed})]`);
    this.unstable.truncateAndAppend(ents);
    return this.lastIndex();
  }

  /** Index of the first new entry that conflicts with (or extends) the log; 0 when all match. */
  findConflict(ents: readonly Entry[]): number {
    for (const e of ents) {
      if (!this.matchTerm(e.index, e.term)) return e.index;
    }
    return 0;
  }

  unstableEntries(): Entry[] {
    return this.unstable.entries;
  }

  /** Committed entries not yet applied, for the application. */
  nextEnts(maxSize = Number.POSITIVE_INFINITY): Entry[] {
    const off = Math.max(this.applied + 1, this.firstIndex());
    if (this.committed + 1 > off) return this.slice(off, this.committed + 1, maxSize);
    return [];
  }

  hasNextEnts(): boolean {
    return this.committed + 1 > Math.max(this.applied + 1, this.firstIndex());
  }

  snapshot(): Snapshot {
    return this.unstable.snapshot ?? this.storage.snapshot();
  }

  commitTo(tocommit: number): void {
    if (this.committed < tocommit) {
      if (this.lastIndex() < tocommit) throw new Error(`tocommit(${tocommit}) is out of range [lastIndex(${this.lastIndex()})]`);
      this.committed = tocommit;
    }
  }

  appliedTo(i: number): void {
    if (i === 0) return;
    if (this.committed < i || i < this.applied)
      throw new Error(`applied(${i}) is out of range [prevApplied(${this.applied}), committed(${this.committed})]`);
    this.applied = i;
  }

  stableTo(i: number, t: number): void {
    this.unstable.stableTo(i, t);
  }

  stableSnapTo(i: number): void {
    this.unstable.stableSnapTo(i);
  }

  /** §5.4.1: is a log ending at (lasti, term) at least as up-to-date as ours? */
  isUpToDate(lasti: number, term: number): boolean {
    return term > this.lastTerm() || (term === this.lastTerm() && lasti >= this.lastIndex());
  }

  /** Entries from i to the end, at most maxSize bytes; throws ErrCompacted. */
  entries(i: number, maxSize: number): Entry[] {
    if (i > this.lastIndex()) return [];
    return this.slice(i, this.lastIndex() + 1, maxSize);
  }

  allEntries(): Entry[] {
    try {
      return this.entries(this.firstIndex(), Number.POSITIVE_INFINITY);
    } catch (error) {
      if (error instanceof ErrCompacted) return this.allEntries();
      throw error;
    }
  }

  /** Commits up to maxIndex if that entry is from `term`: Raft commits only current-term entries by counting (§5.4.2). */
  maybeCommit(maxIndex: number, term: number): boolean {
    if (maxIndex > this.committed && this.zeroTermOnCompacted(maxIndex) === term) {
      this.commitTo(maxIndex);
      return true;
    }
    return false;
  }

  restore(snapshot: Snapshot): void {
    this.committed = snapshot.metadata.index;
    this.unstable.restore(snapshot);
  }

  /** Entries in [lo, hi) from storage and the unstable tail; throws ErrCompacted. */
  slice(lo: number, hi: number, maxSize: number): Entry[] {
    if (lo > hi) throw new RangeError(`invalid slice ${lo} > ${hi}`);
    const first = this.firstIndex();
    if (lo < first) throw new ErrCompacted();
    if (hi > this.lastIndex() + 1) throw new RangeError(`slice[${lo},${hi}) out of bound [${first},${this.lastIndex()}]`);
    if (lo === hi) return [];
    let ents: Entry[] = [];
    if (lo < this.unstable.offset) {
      const stored = this.storage.entries(lo, Math.min(hi, this.unstable.offset), maxSize);
      // The storage hit the size limit: return what we have.
      if (stored.length < Math.min(hi, this.unstable.offset) - lo) return stored;
      ents = stored;
    }
    if (hi > this.unstable.offset) {
      const unstable = this.unstable.slice(Math.max(lo, this.unstable.offset), hi);
      ents = ents.length > 0 ? ents.concat(unstable) : unstable;
    }
    return limitSize(ents, maxSize);
  }
}
