// The simulator's event queue: a binary heap ordered by virtual time, then priority, then
// insertion order, so events at the same millisecond always run in the same order.

export interface Scheduled<E> {
  atMs: number;
  /** Among events at the same time, lower runs first. */
  priority: number;
  seq: number;
  event: E;
}

/** Upper bound on queued events: a runaway feedback loop fails loudly instead of eating memory. */
export const MAX_QUEUED_EVENTS = 1_000_000;

export class Scheduler<E> {
  private heap: Scheduled<E>[] = [];
  private seq = 0;
  /** Virtual time of the event being handled (or last handled), in milliseconds. */
  nowMs = 0;

  get size(): number {
    return this.heap.length;
  }

  at(atMs: number, event: E, priority = 0): void {
    if (atMs < this.nowMs) throw new RangeError(`cannot schedule in the past: ${atMs} < ${this.nowMs}`);
    if (this.heap.length >= MAX_QUEUED_EVENTS) throw new RangeError(`more than ${MAX_QUEUED_EVENTS} events queued`);
    this.heap.push({ atMs, priority, seq: this.seq++, event });
    this.up(this.heap.length - 1);
  }

  after(delayMs: number, event: E): void {
    this.at(this.nowMs + delayMs, event);
  }

  peekTime(): number | undefined {
    return this.heap[0]?.atMs;
  }

  /** Removes the next event and advances the clock to it. */
  pop(): Scheduled<E> | undefined {
    const top = this.heap[0];
    if (!top) return undefined;
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.down(0);
    }
    this.nowMs = top.atMs;
    return top;
  }

  /**
   * Drops every queued event `dead` says will do nothing when it runs (a timer cancelled long
   * before its time). The rest keep their order: it is the total order of (time, priority, seq).
   */
  removeWhere(dead: (event: E) => boolean): void {
    this.heap = this.heap.filter((s) => !dead(s.event));
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  /** Plain data, for snapshots of the world. */
  save(): { nowMs: number; seq: number; events: Scheduled<E>[] } {
    return { nowMs: this.nowMs, seq: this.seq, events: this.heap.slice() };
  }

  restore(saved: { nowMs: number; seq: number; events: Scheduled<E>[] }): void {
    this.nowMs = saved.nowMs;
    this.seq = saved.seq;
    this.heap = saved.events.slice();
  }

  private less(a: Scheduled<E>, b: Scheduled<E>): boolean {
    if (a.atMs !== b.atMs) return a.atMs < b.atMs;
    if (a.priority !== b.priority) return a.priority < b.priority;
    return a.seq < b.seq;
  }

  // Sifting moves a hole instead of swapping pairs: the hot path of every simulated event.
  private up(i: number): void {
    const h = this.heap;
    const item = h[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(item, h[parent]!)) break;
      h[i] = h[parent]!;
      i = parent;
    }
    h[i] = item;
  }

  private down(i: number): void {
    const h = this.heap;
    const n = h.length;
    const item = h[i]!;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.less(h[r]!, h[l]!) ? r : l;
      if (!this.less(h[child]!, item)) break;
      h[i] = h[child]!;
      i = child;
    }
    h[i] = item;
  }
}
