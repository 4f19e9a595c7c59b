import type { Rng } from "./rng";

// The simulated network as plain data: per-link latency, loss, duplication and ordering,
// directed blocks for one-way and two-way partitions, and bounded in-flight queues.

export interface LatencySpec {
  /** Minimum one-way delay. */
  baseMs: number;
  /** Extra delay drawn uniformly from [0, jitterMs]. */
  jitterMs: number;
}

export interface LinkSpec {
  latency: LatencySpec;
  /** Probability that a message is lost. */
  loss: number;
  /** Probability that a message is delivered twice. */
  duplicate: number;
  /** false: FIFO per link, like etcd's TCP streams; true: messages may overtake each other. */
  reorder: boolean;
}

/** A LAN inside one data centre: about 0.5 ms one way. */
export const DEFAULT_LINK: LinkSpec = { latency: { baseMs: 0.3, jitterMs: 0.4 }, loss: 0, duplicate: 0, reorder: false };

/** Messages queued on one link before the sender's buffer is full and new ones are dropped. */
export const MAX_IN_FLIGHT_PER_LINK = 4096;

export interface NetworkState {
  defaultLink: LinkSpec;
  /** Overrides per directed link, keyed "from->to". */
  links: Record<string, Partial<LinkSpec>>;
  /** Directed links that deliver nothing, keyed "from->to". */
  blocked: string[];
  /** Messages in flight per directed link. */
  inFlight: Record<string, number>;
  /** Time of the last scheduled delivery per link, to keep FIFO order. */
  lastDeliveryMs: Record<string, number>;
}

/** Per-link counters, kept in Maps while running (every message touches them) and saved as records. */
interface LinkCounters {
  inFlight: number;
  lastDeliveryMs: number;
}

export const linkKey = (from: string, to: string) => `${from}->${to}`;

export function emptyNetworkState(defaultLink: LinkSpec = DEFAULT_LINK): NetworkState {
  return { defaultLink, links: {}, blocked: [], inFlight: {}, lastDeliveryMs: {} };
}

export class NetworkModel {
  state: NetworkState;
  private readonly rng: Rng;
  /** from → to → counters; nested Maps rather than "from->to" strings, built per message otherwise. */
  private readonly counters = new Map<string, Map<string, LinkCounters>>();
  private hasOverrides: boolean;

  constructor(rng: Rng, state: NetworkState = emptyNetworkState()) {
    this.rng = rng;
    this.state = state;
    this.hasOverrides = Object.keys(state.links).length > 0;
    this.restoreCounters(state);
  }

  /** Takes the per-link counters from saved state (see save()). */
  restoreCounters(state: NetworkState): void {
    this.counters.clear();
    this.hasOverrides = Object.keys(state.links).length > 0;
    for (const [key, n] of Object.entries(state.inFlight)) this.countersOfKey(key).inFlight = n;
    for (const [key, t] of Object.entries(state.lastDeliveryMs)) this.countersOfKey(key).lastDeliveryMs = t;
  }

  private countersOf(from: string, to: string): LinkCounters {
    let byTo = this.counters.get(from);
    if (!byTo) {
      byTo = new Map();
      this.counters.set(from, byTo);
    }
    let c = byTo.get(to);
    if (!c) {
      c = { inFlight: 0, lastDeliveryMs: 0 };
      byTo.set(to, c);
    }
    return c;
  }

  private countersOfKey(key: string): LinkCounters {
    const [from = "", to = ""] = key.split("->");
    return this.countersOf(from, to);
  }

  /** The network as plain data (for snapshots of the world). */
  save(): NetworkState {
    const inFlight: Record<string, number> = {};
    const lastDeliveryMs: Record<string, number> = {};
    for (const [from, byTo] of this.counters) {
      for (const [to, c] of byTo) {
        const key = linkKey(from, to);
        if (c.inFlight) inFlight[key] = c.inFlight;
        lastDeliveryMs[key] = c.lastDeliveryMs;
      }
    }
    return structuredCloneState({ ...this.state, inFlight, lastDeliveryMs });
  }

  link(from: string, to: string): LinkSpec {
    // The common case, no per-link overrides, without building a key or a dictionary lookup.
    if (!this.hasOverrides) return this.state.defaultLink;
    const override = this.state.links[linkKey(from, to)];
    return override ? { ...this.state.defaultLink, ...override } : this.state.defaultLink;
  }

  setLink(from: string, to: string, spec: Partial<LinkSpec>): void {
    const key = linkKey(from, to);
    this.state.links[key] = { ...this.state.links[key], ...spec };
    this.hasOverrides = true;
  }

  isBlocked(from: string, to: string): boolean {
    return this.state.blocked.length > 0 && this.state.blocked.includes(linkKey(from, to));
  }

  /** Blocks from → to only (the other direction still works). */
  cutOneWay(from: string, to: string): void {
    const key = linkKey(from, to);
    if (!this.state.blocked.includes(key)) this.state.blocked.push(key);
  }

  cut(a: string, b: string): void {
    this.cutOneWay(a, b);
    this.cutOneWay(b, a);
  }

  isolate(id: string, members: readonly string[]): void {
    for (const other of members) if (other !== id) this.cut(id, other);
  }

  /** Splits the members into groups that cannot reach each other. */
  partition(groups: readonly (readonly string[])[]): void {
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length; j++) {
        for (const a of groups[i]!) for (const b of groups[j]!) this.cut(a, b);
      }
    }
  }

  /** Removes every block and every per-link override. */
  heal(): void {
    this.state.blocked = [];
    this.state.links = {};
    this.hasOverrides = false;
  }

  /** When the copies of the message route() last decided on arrive: the first route() of them. */
  readonly arrivals: [number, number] = [0, 0];

  /**
   * Decides the fate of one message sent now: how many copies arrive (0 when lost or blocked,
   * 2 when duplicated), their times in `arrivals`. Every message the world sends passes through
   * here, so the answer goes into fields rather than a new array.
   */
  route(from: string, to: string, nowMs: number): number {
    if (this.isBlocked(from, to)) return 0;
    const spec = this.link(from, to);
    const counters = this.countersOf(from, to);
    if (counters.inFlight >= MAX_IN_FLIGHT_PER_LINK) return 0;
    if (this.rng.chance(spec.loss)) return 0;
    const copies = this.rng.chance(spec.duplicate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      let at = nowMs + spec.latency.baseMs + this.rng.next() * spec.latency.jitterMs;
      if (!spec.reorder) at = Math.max(at, counters.lastDeliveryMs);
      counters.lastDeliveryMs = Math.max(at, counters.lastDeliveryMs);
      this.arrivals[i] = at;
    }
    counters.inFlight += copies;
    return copies;
  }

  /** A message on from → to arrived (or was discarded on arrival). */
  arrived(from: string, to: string): void {
    const counters = this.countersOf(from, to);
    counters.inFlight = Math.max(0, counters.inFlight - 1);
  }
}

function structuredCloneState(state: NetworkState): NetworkState {
  return JSON.parse(JSON.stringify(state)) as NetworkState;
}
