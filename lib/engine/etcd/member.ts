// One etcd member's replicated state machine: what etcd's apply loop changes when a Raft
// entry commits (etcdserver/apply.go). The MVCC store, the lessor, the alarms and the
// membership all live here, so every member that applies the same log holds the same
// state; what is per process (request ids, client connections, the leader's lease clock)
// lives in the cluster around it.

import type { ConfChange, Entry } from "../raft";
import type { Application } from "../sim/world";
import type { Bytes } from "./bytes";
import { EtcdError, errors } from "./errors";
import { deepFreeze } from "../freeze";
import { KvService, type DeleteRangeRequest, type PutRequest, type RequestOp, type TxnRequest } from "./kv";
import { Lessor, type LessorDump } from "./lease";
import { MvccError, MvccStore, type MvccDump } from "./mvcc";
import { WatchHub } from "./watch";

export interface MemberInfo {
  /** The member id, 16 hex digits (also its Raft node id in the simulator). */
  id: string;
  /** Empty until the member has started and published its name (an added, unstarted member). */
  name: string;
  peerURLs: string[];
  clientURLs: string[];
  isLearner: boolean;
}

export type AlarmType = "NOSPACE" | "CORRUPT";

export interface AlarmMember {
  memberId: string;
  alarm: AlarmType;
}

/** What a member proposes through Raft (etcd's InternalRaftRequest). */
export type InternalRequest =
  | { put: PutRequest }
  | { deleteRange: DeleteRangeRequest }
  | { txn: TxnRequest }
  | { compaction: { revision: number; physical?: boolean } }
  | { leaseGrant: { id: bigint; ttl: number } }
  | { leaseRevoke: { id: bigint } }
  | { alarm: { action: "GET" | "ACTIVATE" | "DEACTIVATE"; memberId: string; alarm: AlarmType | "NONE" } }
  /** A started member announces its name and client URLs (etcd's publish). */
  | { publish: { name: string; clientURLs: string[] } }
  /** The leader sets the cluster version once every member runs (etcd's monitorVersions). */
  | { clusterVersion: string };

export interface Envelope {
  id: string;
  from: string;
  req: InternalRequest;
}

export type ApplyResult = { ok: unknown } | { error: EtcdError | MvccError };

const BIG = '"$big"';

/** JSON with bigints: lease ids are 64-bit. */
export function encode(value: unknown): string {
  // A replacer (or reviver) costs a call per value, and every proposal is encoded once and
  // decoded on every member: take the plain path unless a bigint is there to convert.
  try {
    return JSON.stringify(value);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? { $big: v.toString() } : v));
  }
}

export function decode<T>(text: string): T {
  if (!text.includes(BIG)) return JSON.parse(text) as T;
  return JSON.parse(text, (_k, v: unknown) =>
    v !== null && typeof v === "object" && "$big" in v ? BigInt((v as { $big: string }).$big) : v,
  ) as T;
}

/**
 * The request an entry carries. A member's proposal travels as the object itself (Entry.payload:
 * the simulated network hands every member the leader's entry), frozen, since every member
 * applies it and none may change it under the next; the entry's data is only its id.
 */
export function envelopeOf(entry: Entry): Envelope {
  if (entry.payload === undefined) throw new Error(`entry ${entry.term}/${entry.index} carries no request`);
  return entry.payload as Envelope;
}

/** A proposal's envelope, ready to be proposed: frozen, and its encoded size (an InternalRaftRequest's header and request). */
export function sealEnvelope(env: Envelope, requestBytes: number): { payload: Envelope; size: number } {
  return { payload: deepFreeze(env), size: requestBytes + env.id.length + 8 };
}

/** A txn that only reads (etcd's isTxnReadonly): served like a range, allowed under NOSPACE. */
export function isTxnReadonly(r: TxnRequest): boolean {
  const readonly = (ops: RequestOp[]): boolean => ops.every((op) => "range" in op || ("txn" in op && isTxnReadonly(op.txn)));
  return readonly(r.success) && readonly(r.failure);
}

/**
 * A member's state as text (a Raft snapshot's data, an `etcdctl snapshot save` file). JSON has
 * no bigints: each key-value's lease is written as a decimal string here, so that the whole store
 * goes through JSON.stringify's fast path; encode's replacer would be called for every value.
 */
function dumpToText(d: MemberDump): string {
  const records = d.mvcc.records.map(([rev, kv, tombstone]) => [rev, { ...kv, lease: String(kv.lease) }, tombstone]);
  return encode({ ...d, mvcc: { ...d.mvcc, records } });
}

function dumpFromText(text: string): MemberDump {
  const d = decode<MemberDump>(text);
  for (const record of d.mvcc.records) record[1] = { ...record[1], lease: BigInt(record[1].lease) };
  return d;
}

/** Ids of applied requests remembered, so a proposal a duplicating network delivered twice applies once. */
const APPLIED_IDS_KEPT = 10_000;

/**
 * The last `capacity` ids added, the oldest forgotten first. A Set alone would forget its oldest
 * through its iterator, which V8 makes walk past every entry deleted before it: with 10,000 kept,
 * each write cost ~6 µs more than the whole rest of its apply. Each id is added once (the member
 * asks has() first).
 */
export class RecentIds {
  private readonly ids = new Set<string>();
  private readonly ring: string[] = [];
  private oldest = 0;

  constructor(private readonly capacity: number) {}

  has(id: string): boolean {
    return this.ids.has(id);
  }

  add(id: string): void {
    if (this.ring.length < this.capacity) this.ring.push(id);
    else {
      this.ids.delete(this.ring[this.oldest]!);
      this.ring[this.oldest] = id;
      this.oldest = (this.oldest + 1) % this.capacity;
    }
    this.ids.add(id);
  }

  clone(): RecentIds {
    const copy = new RecentIds(this.capacity);
    for (let i = 0; i < this.ring.length; i++) copy.add(this.ring[(this.oldest + i) % this.ring.length]!);
    return copy;
  }
}

interface MemberDump {
  mvcc: MvccDump;
  lessor: LessorDump;
  members: MemberInfo[];
  removed: string[];
  alarms: AlarmMember[];
  clusterVersion: string;
}

export class EtcdMemberApp implements Application {
  // The state is behind getters: while nothing waits on this member's applies (deferWhile), the
  // entries it is given wait in a backlog, and whatever reads the state first applies them, in
  // order and at their own virtual times, so it reads what eager applying would have left. In a
  // three-member cluster the member that neither leads nor serves the API server is read by
  // nobody: a replay of a 30-minute lab no longer applies its ~2,900 writes at all.
  private _store = new MvccStore();
  private _lessor: Lessor;
  private _kv: KvService;
  private _watches: WatchHub;
  private _members = new Map<string, MemberInfo>();
  /** Ids of removed members: they may never rejoin with the same id. */
  private _removed = new Set<string>();
  private _alarms: AlarmMember[] = [];
  private _clusterVersion = "";
  private _appliedTerm = 0;
  /** Results of the requests applied since the cluster last took them, by request id. */
  private results = new Map<string, ApplyResult>();
  private appliedIds = new RecentIds(APPLIED_IDS_KEPT);
  /** Entries given to apply() and not applied yet, with the time and hint each was given with. */
  private backlog: Array<{ entry: Entry; nowMs: number; mayRepeat: boolean }> = [];
  /**
   * Whether applies may wait: nothing is waiting for this member's results or watch events. Asked
   * on every apply; unset, the member applies at once.
   */
  deferWhile: (() => boolean) | undefined;

  constructor(readonly minLeaseTtlSeconds: number) {
    this._lessor = new Lessor(minLeaseTtlSeconds);
    this._kv = new KvService(this._store, this._lessor);
    this._watches = this.attach();
  }

  get store(): MvccStore {
    this.catchUp();
    return this._store;
  }

  get lessor(): Lessor {
    this.catchUp();
    return this._lessor;
  }

  get kv(): KvService {
    this.catchUp();
    return this._kv;
  }

  get watches(): WatchHub {
    this.catchUp();
    return this._watches;
  }

  get members(): Map<string, MemberInfo> {
    this.catchUp();
    return this._members;
  }

  /** Ids of removed members: they may never rejoin with the same id. */
  get removed(): Set<string> {
    this.catchUp();
    return this._removed;
  }

  get alarms(): AlarmMember[] {
    this.catchUp();
    return this._alarms;
  }

  get clusterVersion(): string {
    this.catchUp();
    return this._clusterVersion;
  }

  /**
   * The term of the last entry applied: what etcd reports as the raft term in response
   * headers and `endpoint status` (EtcdServer.Term), not the node's current term.
   */
  get appliedTerm(): number {
    this.catchUp();
    return this._appliedTerm;
  }

  /** Entries given to apply() and not applied yet. */
  get deferredApplies(): number {
    return this.backlog.length;
  }

  /** Whether this member's lessor is the primary (its leader's): set by promotion, never by an apply, so asked without catching up. */
  get isPrimary(): boolean {
    return this._lessor.isPrimary;
  }

  /** Wires the lessor and a fresh watch hub to the current store. */
  private attach(): WatchHub {
    this._kv = new KvService(this._store, this._lessor);
    this._store.onCommit((events) => {
      for (const e of events) {
        if (e.type === "PUT" && e.kv.lease !== 0n) this._lessor.attach(e.kv.lease, e.kv.key);
        else this._lessor.detach(e.kv.key);
      }
    });
    return new WatchHub(this._store);
  }

  /** Applies the backlog. */
  private catchUp(): void {
    if (this.backlog.length === 0) return;
    const backlog = this.backlog;
    this.backlog = [];
    // Nobody waited for these results when the entries came: none is kept.
    for (const b of backlog) this.applyNow(b.entry, b.nowMs, b.mayRepeat, false);
  }

  // -------------------------------------------------------------- Application

  apply(entry: Entry, nowMs: number, mayRepeat: boolean): string | undefined {
    if (this.deferWhile?.()) {
      this.backlog.push({ entry, nowMs, mayRepeat });
      return undefined;
    }
    this.catchUp();
    return this.applyNow(entry, nowMs, mayRepeat, true);
  }

  private applyNow(entry: Entry, nowMs: number, mayRepeat: boolean, keepResult: boolean): string | undefined {
    this._appliedTerm = entry.term;
    if (!entry.data) return undefined;
    const env = envelopeOf(entry);
    // Only a request the network may have delivered twice is remembered: asking a set of 10,000
    // about every write was ~6% of a replay, for duplicates the labs' network never makes.
    if (mayRepeat) {
      if (this.appliedIds.has(env.id)) return env.id;
      this.appliedIds.add(env.id);
    }
    let result: ApplyResult;
    try {
      result = { ok: this.applyRequest(env, nowMs) };
    } catch (error) {
      if (!(error instanceof EtcdError) && !(error instanceof MvccError)) throw error;
      result = { error };
    }
    if (keepResult) this.results.set(env.id, result);
    return env.id;
  }

  /** The result of an applied request, once: the member that proposed it answers its client. */
  takeResult(id: string): ApplyResult | undefined {
    const r = this.results.get(id);
    this.results.delete(id);
    return r;
  }

  private applyRequest(env: Envelope, nowMs: number): unknown {
    const req = env.req;
    const noSpace = this._alarms.some((a) => a.alarm === "NOSPACE");
    if ("put" in req) {
      if (noSpace) throw errors.noSpace();
      return this._kv.put(req.put);
    }
    if ("deleteRange" in req) return this._kv.deleteRange(req.deleteRange);
    if ("txn" in req) {
      if (noSpace && !isTxnReadonly(req.txn)) throw errors.noSpace();
      return this._kv.txn(req.txn);
    }
    if ("compaction" in req) {
      this._store.compact(req.compaction.revision);
      return { revision: this._store.currentRev };
    }
    if ("leaseGrant" in req) {
      if (noSpace) throw errors.noSpace();
      const lease = this._lessor.grant(req.leaseGrant.id, req.leaseGrant.ttl, nowMs);
      return { id: lease.id, ttl: lease.ttl, revision: this._store.currentRev };
    }
    if ("leaseRevoke" in req) {
      const keys = this._lessor.revoke(req.leaseRevoke.id);
      // Every key of the lease goes in one revision, as etcd's lessor deletes them in one txn.
      if (keys.length > 0) this._store.write((txn) => keys.forEach((k) => txn.deleteRange(k, "")));
      return { revision: this._store.currentRev };
    }
    if ("alarm" in req) {
      const { action, memberId, alarm } = req.alarm;
      if (action === "GET" || alarm === "NONE") return { alarms: this._alarms.map((a) => ({ ...a })) };
      const has = this._alarms.findIndex((a) => a.memberId === memberId && a.alarm === alarm);
      if (action === "ACTIVATE" && has < 0) this._alarms.push({ memberId, alarm });
      if (action === "DEACTIVATE" && has >= 0) {
        const [removed] = this._alarms.splice(has, 1);
        return { alarms: [removed] };
      }
      return { alarms: action === "ACTIVATE" ? [{ memberId, alarm }] : [] };
    }
    if ("publish" in req) {
      const m = this._members.get(env.from);
      if (m) this._members.set(env.from, { ...m, name: req.publish.name, clientURLs: req.publish.clientURLs });
      return {};
    }
    this._clusterVersion = req.clusterVersion;
    return {};
  }

  applyConfChange(cc: ConfChange, _nowMs: number, entry: Entry): void {
    this.catchUp();
    this._appliedTerm = entry.term;
    const info = cc.context ? (JSON.parse(cc.context) as MemberInfo) : undefined;
    switch (cc.type) {
      case "addNode":
      case "addLearnerNode": {
        const existing = this._members.get(cc.nodeId);
        if (existing && cc.type === "addNode") this._members.set(cc.nodeId, { ...existing, isLearner: false });
        else if (info && !existing) this._members.set(cc.nodeId, { ...info, isLearner: cc.type === "addLearnerNode" });
        return;
      }
      case "removeNode":
        this._members.delete(cc.nodeId);
        this._removed.add(cc.nodeId);
        return;
      case "updateNode": {
        const existing = this._members.get(cc.nodeId);
        if (existing && info) this._members.set(cc.nodeId, { ...existing, peerURLs: info.peerURLs });
        return;
      }
    }
  }

  read(key: Bytes): string | undefined {
    this.catchUp();
    return this._store.range(key, "").kvs[0]?.value;
  }

  private dump(): MemberDump {
    return {
      mvcc: this._store.dump(),
      lessor: this._lessor.dump(),
      members: [...this._members.values()],
      removed: [...this._removed],
      alarms: this._alarms.map((a) => ({ ...a })),
      clusterVersion: this._clusterVersion,
    };
  }

  private load(d: MemberDump, lessor: Lessor): void {
    this._store = MvccStore.load(d.mvcc);
    this._lessor = lessor;
    this._watches = this.attach();
    this._members = new Map(d.members.map((m) => [m.id, { ...m }]));
    this._removed = new Set(d.removed);
    this._alarms = d.alarms.map((a) => ({ ...a }));
    this._clusterVersion = d.clusterVersion;
  }

  snapshot(): string {
    this.catchUp();
    return dumpToText(this.dump());
  }

  /**
   * The state `etcdctl snapshot restore` writes into a new data directory: the backup's
   * keys, leases and alarms, and a membership made afresh from --initial-cluster.
   */
  static restored(backup: string, members: Array<{ id: string; name: string; peerURLs: string[] }>): string {
    const d = dumpFromText(backup);
    return dumpToText({
      ...d,
      members: members.map((m) => ({ ...m, clientURLs: [], isLearner: false })),
      removed: [],
    } satisfies MemberDump);
  }

  restore(data: string): void {
    // The data is a later state than anything waiting: what waits is dropped, not applied.
    this.backlog = [];
    if (!data) return;
    const d = dumpFromText(data);
    this.load(d, Lessor.load(d.lessor, this.minLeaseTtlSeconds));
  }

  clone(): EtcdMemberApp {
    this.catchUp();
    const copy = new EtcdMemberApp(this.minLeaseTtlSeconds);
    copy.deferWhile = this.deferWhile;
    copy.load(this.dump(), this._lessor.clone());
    copy.appliedIds = this.appliedIds.clone();
    copy._appliedTerm = this._appliedTerm;
    return copy;
  }

  /** For fingerprints: the state, not the object graph (as its snapshot's text: JSON has no bigints). */
  toJSON(): unknown {
    return this.snapshot();
  }
}
