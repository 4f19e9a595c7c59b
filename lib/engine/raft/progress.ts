// The leader's view of each follower (etcd-io/raft's tracker.Progress and Inflights).

/**
 * A bounded window of in-flight MsgApp (by last index), so the leader does not flood a
 * follower: replication pauses when `maxInflight` messages are unacknowledged.
 */
export class Inflights {
  buffer: number[] = [];
  readonly size: number;

  constructor(size: number) {
    this.size = size;
  }

  add(lastIndex: number): void {
    if (this.full()) throw new Error("cannot add into a full inflights");
    this.buffer.push(lastIndex);
  }

  /** Frees every in-flight message up to and including index `to`. */
  freeLE(to: number): void {
    let i = 0;
    while (i < this.buffer.length && this.buffer[i]! <= to) i++;
    if (i > 0) this.buffer = this.buffer.slice(i);
  }

  freeFirstOne(): void {
    this.buffer.shift();
  }

  full(): boolean {
    return this.buffer.length >= this.size;
  }

  count(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.buffer = [];
  }
}

/**
 * probe: the leader sends one MsgApp per heartbeat until it finds where the logs match;
 * replicate: entries are streamed optimistically, bounded by Inflights;
 * snapshot: the follower needs a snapshot; replication waits for it.
 */
export type ProgressState = "probe" | "replicate" | "snapshot";

export class Progress {
  /** Highest index known to be replicated on the follower. */
  match: number;
  /** Index of the next entry to send. */
  next: number;
  state: ProgressState = "probe";
  /** In probe state: one MsgApp sent, waiting for its answer or a heartbeat. */
  probeSent = false;
  /** Index of the snapshot being sent, in snapshot state. */
  pendingSnapshot = 0;
  /** Heard from the follower since the last CheckQuorum round. */
  recentActive = false;
  isLearner: boolean;
  readonly inflights: Inflights;

  constructor(opts: { match: number; next: number; maxInflight: number; isLearner?: boolean }) {
    this.match = opts.match;
    this.next = opts.next;
    this.inflights = new Inflights(opts.maxInflight);
    this.isLearner = opts.isLearner ?? false;
  }

  private resetState(state: ProgressState): void {
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.state = state;
    this.inflights.reset();
  }

  becomeProbe(): void {
    // Coming back from a snapshot, resume right after it.
    if (this.state === "snapshot") {
      const pending = this.pendingSnapshot;
      this.resetState("probe");
      this.next = Math.max(this.match + 1, pending + 1);
    } else {
      this.resetState("probe");
      this.next = this.match + 1;
    }
  }

  becomeReplicate(): void {
    this.resetState("replicate");
    this.next = this.match + 1;
  }

  becomeSnapshot(snapshotIndex: number): void {
    this.resetState("snapshot");
    this.pendingSnapshot = snapshotIndex;
  }

  /** An acknowledgement up to n; false when it is stale. */
  maybeUpdate(n: number): boolean {
    let updated = false;
    if (this.match < n) {
      this.match = n;
      updated = true;
      this.probeSent = false;
    }
    this.next = Math.max(this.next, n + 1);
    return updated;
  }

  optimisticUpdate(n: number): void {
    this.next = n + 1;
  }

  /**
   * A rejected MsgApp at index `rejected`; the follower's last index is `matchHint`.
   * Returns false when the rejection is stale (out of order).
   */
  maybeDecrTo(rejected: number, matchHint: number): boolean {
    if (this.state === "replicate") {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    // In probe state the rejection must be for the probe we sent (next - 1).
    if (this.next - 1 !== rejected) return false;
    this.next = Math.max(Math.min(rejected, matchHint + 1), 1);
    this.probeSent = false;
    return true;
  }

  isPaused(): boolean {
    switch (this.state) {
      case "probe":
        return this.probeSent;
      case "replicate":
        return this.inflights.full();
      case "snapshot":
        return true;
    }
  }
}

export interface SavedProgress {
  match: number;
  next: number;
  state: ProgressState;
  probeSent: boolean;
  pendingSnapshot: number;
  recentActive: boolean;
  isLearner: boolean;
  inflights: number[];
}

export function saveProgress(pr: Progress): SavedProgress {
  return {
    match: pr.match,
    next: pr.next,
    state: pr.state,
    probeSent: pr.probeSent,
    pendingSnapshot: pr.pendingSnapshot,
    recentActive: pr.recentActive,
    isLearner: pr.isLearner,
    inflights: pr.inflights.buffer.slice(),
  };
}

export function loadProgress(saved: SavedProgress, maxInflight: number): Progress {
  const pr = new Progress({ match: saved.match, next: saved.next, maxInflight, isLearner: saved.isLearner });
  pr.state = saved.state;
  pr.probeSent = saved.probeSent;
  pr.pendingSnapshot = saved.pendingSnapshot;
  pr.recentActive = saved.recentActive;
  pr.inflights.buffer = saved.inflights.slice();
  return pr;
}
