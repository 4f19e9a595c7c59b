import type { Rng } from "./rng";

// A member's disk as the simulator sees it: how long an fsync takes, and stalls. What was
// written but not yet synced is lost on a crash; the member keeps that in memory until
// the fsync completes (see world.ts).

export interface DiskProfile {
  /** fsync latency: base plus a long-tailed extra (exponential with this mean). */
  fsyncBaseMs: number;
  fsyncTailMeanMs: number;
}

/** etcd's guidance is a WAL fsync p99 under 10 ms; a datacentre SSD does ~1 ms. */
export const DISK_PROFILES = {
  ssd: { fsyncBaseMs: 0.5, fsyncTailMeanMs: 0.8 },
  slow: { fsyncBaseMs: 15, fsyncTailMeanMs: 40 },
} as const satisfies Record<string, DiskProfile>;

export type DiskProfileName = keyof typeof DISK_PROFILES;

export interface DiskState {
  profile: DiskProfileName;
  /** No fsync completes before this virtual time (a stalled device). */
  stalledUntilMs: number;
  /** Completion time of the last fsync: a disk does one at a time. */
  busyUntilMs: number;
}

export function newDiskState(profile: DiskProfileName = "ssd"): DiskState {
  return { profile, stalledUntilMs: 0, busyUntilMs: 0 };
}

export class DiskModel {
  state: DiskState;
  private readonly rng: Rng;

  constructor(rng: Rng, state: DiskState = newDiskState()) {
    this.rng = rng;
    this.state = state;
  }

  /** Starts an fsync now; returns the virtual time it completes. */
  fsync(nowMs: number): number {
    const p = DISK_PROFILES[this.state.profile];
    const tail = -Math.log(1 - this.rng.next()) * p.fsyncTailMeanMs;
    const start = Math.max(nowMs, this.state.busyUntilMs, this.state.stalledUntilMs);
    const done = start + p.fsyncBaseMs + tail;
    this.state.busyUntilMs = done;
    return done;
  }

  stall(untilMs: number): void {
    this.state.stalledUntilMs = Math.max(this.state.stalledUntilMs, untilMs);
  }

  setProfile(profile: DiskProfileName): void {
    this.state.profile = profile;
  }
}
