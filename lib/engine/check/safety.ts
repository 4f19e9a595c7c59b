import type { Entry, NodeId, StateType } from "../raft";
import type { World, WorldObserver } from "../sim/world";

// Raft's safety properties (Figure 3 of the paper), checked from outside the system by
// watching what members do. Each violation is recorded with the virtual time it was seen.

export interface Violation {
  property: "Election Safety" | "Log Matching" | "Leader Completeness" | "State Machine Safety";
  atMs: number;
  detail: string;
}

export class SafetyChecker implements WorldObserver {
  readonly violations: Violation[] = [];
  private leaders = new Map<number, NodeId>();
  /** Every entry applied anywhere, by index: applied entries are committed ones. */
  private committed = new Map<number, { term: number; data: string }>();
  private world: World | undefined;

  attach(world: World): void {
    this.world = world;
  }

  onStateChange(member: NodeId, state: StateType, term: number, nowMs: number): void {
    if (state !== "leader") return;
    const existing = this.leaders.get(term);
    if (existing !== undefined && existing !== member) {
      this.violations.push({ property: "Election Safety", atMs: nowMs, detail: `two leaders in term ${term}: ${existing} and ${member}` });
    }
    this.leaders.set(term, member);
    this.checkLeaderCompleteness(member, nowMs);
  }

  onApply(member: NodeId, entry: Entry, nowMs: number): void {
    const seen = this.committed.get(entry.index);
    if (!seen) {
      this.committed.set(entry.index, { term: entry.term, data: entry.data });
    } else if (seen.term !== entry.term || seen.data !== entry.data) {
      this.violations.push({
        property: "State Machine Safety",
        atMs: nowMs,
        detail: `member ${member} applied (${entry.index}, term ${entry.term}) ${entry.data.slice(0, 60)}; another applied term ${seen.term} ${seen.data.slice(0, 60)}`,
      });
    }
  }

  /** A new leader's log must hold every entry committed before it (§5.4). */
  private checkLeaderCompleteness(member: NodeId, nowMs: number): void {
    const log = this.world?.member(member).node?.raft.raftLog;
    if (!log) return;
    const first = log.firstIndex();
    for (const [index, e] of this.committed) {
      if (index < first) continue; // compacted into the leader's snapshot
      const term = log.term(index);
      if (term !== e.term) {
        this.violations.push({
          property: "Leader Completeness",
          atMs: nowMs,
          detail: `leader ${member} lacks committed entry ${index} (term ${e.term}); has term ${term}`,
        });
        return;
      }
    }
  }

  /** Log Matching: if two logs have an entry with the same index and term, they are identical up to it. */
  checkLogs(nowMs: number): void {
    if (!this.world) return;
    const logs = [...this.world.members.values()].filter((m) => m.node).map((m) => ({ id: m.id, log: m.node!.raft.raftLog }));
    for (let a = 0; a < logs.length; a++) {
      for (let b = a + 1; b < logs.length; b++) {
        const x = logs[a]!;
        const y = logs[b]!;
        const lo = Math.max(x.log.firstIndex(), y.log.firstIndex());
        const hi = Math.min(x.log.lastIndex(), y.log.lastIndex());
        if (hi < lo) continue;
        const xs = x.log.slice(lo, hi + 1, Number.POSITIVE_INFINITY);
        const ys = y.log.slice(lo, hi + 1, Number.POSITIVE_INFINITY);
        let lastMatch = -1;
        for (let i = xs.length - 1; i >= 0; i--) {
          if (xs[i]!.term === ys[i]!.term) {
            lastMatch = i;
            break;
          }
        }
        for (let i = 0; i <= lastMatch; i++) {
          if (xs[i]!.term !== ys[i]!.term || xs[i]!.data !== ys[i]!.data) {
            this.violations.push({
              property: "Log Matching",
              atMs: nowMs,
              detail: `members ${x.id} and ${y.id} match at ${lo + lastMatch} but differ at ${lo + i}`,
            });
            return;
          }
        }
      }
    }
  }
}
