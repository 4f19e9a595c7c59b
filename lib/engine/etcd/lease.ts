// etcd's lessor (server/lease), as data: leases with a granted TTL, an expiry on the
// leader's clock, and the keys attached to them. Expiry does not delete anything by
// itself: the leader finds expired leases and proposes their revocation through Raft,
// and every member then revokes them, deleting their keys (see the server).

import type { Bytes } from "./bytes";
import { errors } from "./errors";

/** etcd refuses TTLs above this ("etcdserver: too large lease TTL"). */
export const MAX_LEASE_TTL_SECONDS = 9_000_000_000;

/**
 * The shortest TTL a lease gets: 1.5 election timeouts, rounded up to whole seconds
 * (etcd's minLeaseTTL; 2 s with the default 100 ms × 10 ticks).
 */
export function minLeaseTtlSeconds(electionTicks: number, tickMs: number): number {
  return Math.ceil((Math.floor((3 * electionTicks) / 2) * tickMs) / 1000);
}

export interface Lease {
  id: bigint;
  /** TTL as granted (after raising it to the minimum). */
  ttl: number;
  /** When it expires on the leader's clock (virtual ms); Infinity on followers, which do not expire leases. */
  expiryMs: number;
  keys: Set<Bytes>;
}

/**
 * etcd's request id generator (pkg/idutil): the member id's low 16 bits, then 40 bits of
 * the member's start time in milliseconds, then a counter. Every request proposed through
 * Raft takes the next id, and a lease grant takes one more for the lease itself first, so
 * the lease ids of one member advance by two (observed on etcd 3.4.23: 694da21233e74b05,
 * …b07, …b09 for the default member 8e9e05c52164694d).
 */
export class RequestIdGenerator {
  private readonly prefix: bigint;
  private suffix: bigint;

  constructor(memberId: bigint, startUnixMs: number) {
    this.prefix = (memberId & 0xffffn) << 48n;
    this.suffix = (BigInt(startUnixMs) & ((1n << 40n) - 1n)) << 8n;
  }

  next(): bigint {
    this.suffix++;
    return this.prefix | (this.suffix & ((1n << 48n) - 1n));
  }

  /** A lease id: the next id, kept positive as an int64. */
  nextLeaseId(): bigint {
    return this.next() & ((1n << 63n) - 1n);
  }
}

export interface LessorDump {
  leases: Array<{ id: string; ttl: number; keys: Bytes[] }>;
}

export class Lessor {
  private leases = new Map<bigint, Lease>();
  /** Which lease each key is attached to. */
  private itemMap = new Map<Bytes, bigint>();
  /** Only the leader keeps expiry times; a new leader refreshes every lease (etcd's Promote). */
  private primary = false;

  constructor(readonly minTtlSeconds: number) {}

  grant(id: bigint, ttlSeconds: number, nowMs: number): Lease {
    if (this.leases.has(id)) throw errors.leaseExists();
    if (ttlSeconds > MAX_LEASE_TTL_SECONDS) throw errors.leaseTtlTooLarge();
    const ttl = Math.max(ttlSeconds, this.minTtlSeconds);
    const lease: Lease = { id, ttl, expiryMs: this.primary ? nowMs + ttl * 1000 : Number.POSITIVE_INFINITY, keys: new Set() };
    this.leases.set(id, lease);
    return lease;
  }

  /** Removes the lease; returns its keys, which the caller deletes in the same revision. */
  revoke(id: bigint): Bytes[] {
    const lease = this.leases.get(id);
    if (!lease) throw errors.leaseNotFound();
    this.leases.delete(id);
    for (const key of lease.keys) this.itemMap.delete(key);
    return [...lease.keys].sort();
  }

  /** A keep-alive on the leader: the lease lives another TTL. Returns the TTL. */
  renew(id: bigint, nowMs: number): number {
    const lease = this.leases.get(id);
    if (!lease) throw errors.leaseNotFound();
    lease.expiryMs = nowMs + lease.ttl * 1000;
    return lease.ttl;
  }

  /** Attaches a key to a lease (a put with --lease), detaching it from any other. */
  attach(id: bigint, key: Bytes): void {
    const lease = this.leases.get(id);
    if (!lease) throw errors.leaseNotFound();
    this.detach(key);
    lease.keys.add(key);
    this.itemMap.set(key, id);
  }

  /** The key was deleted or put without a lease. */
  detach(key: Bytes): void {
    const previous = this.itemMap.get(key);
    if (previous === undefined) return;
    this.leases.get(previous)?.keys.delete(key);
    this.itemMap.delete(key);
  }

  lookup(id: bigint): Lease | undefined {
    return this.leases.get(id);
  }

  exists(id: bigint): boolean {
    return this.leases.has(id);
  }

  /** Remaining seconds as etcd reports them (TimeToLive): rounded down; -1 once expired. */
  remainingSeconds(id: bigint, nowMs: number): number {
    const lease = this.leases.get(id);
    if (!lease) throw errors.leaseNotFound();
    if (lease.expiryMs === Number.POSITIVE_INFINITY) return lease.ttl;
    const remaining = Math.floor((lease.expiryMs - nowMs) / 1000);
    return remaining <= 0 ? -1 : remaining;
  }

  list(): bigint[] {
    return [...this.leases.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** This member became leader: every lease gets a full TTL from now (etcd's Promote). */
  promote(nowMs: number): void {
    this.primary = true;
    for (const lease of this.leases.values()) lease.expiryMs = nowMs + lease.ttl * 1000;
  }

  /** This member is no longer leader: it stops expiring leases. */
  demote(): void {
    this.primary = false;
    for (const lease of this.leases.values()) lease.expiryMs = Number.POSITIVE_INFINITY;
  }

  /** The replicated part as data (expiry is the leader's own clock, not replicated). */
  dump(): LessorDump {
    return { leases: [...this.leases.values()].map((l) => ({ id: l.id.toString(), ttl: l.ttl, keys: [...l.keys] })) };
  }

  static load(dump: LessorDump, minTtlSeconds: number): Lessor {
    const lessor = new Lessor(minTtlSeconds);
    for (const l of dump.leases) {
      const id = BigInt(l.id);
      lessor.leases.set(id, { id, ttl: l.ttl, expiryMs: Number.POSITIVE_INFINITY, keys: new Set(l.keys) });
      for (const key of l.keys) lessor.itemMap.set(key, id);
    }
    return lessor;
  }

  /** A copy including the expiry times, for saving the world. */
  clone(): Lessor {
    const copy = new Lessor(this.minTtlSeconds);
    copy.primary = this.primary;
    for (const [id, l] of this.leases) copy.leases.set(id, { ...l, keys: new Set(l.keys) });
    copy.itemMap = new Map(this.itemMap);
    return copy;
  }

  get isPrimary(): boolean {
    return this.primary;
  }

  /** Leases whose time is up, for the leader to propose revoking. */
  expired(nowMs: number): bigint[] {
    if (!this.primary) return [];
    return [...this.leases.values()].filter((l) => l.expiryMs <= nowMs).map((l) => l.id);
  }
}
