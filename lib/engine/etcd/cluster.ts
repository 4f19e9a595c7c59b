// An etcd cluster on the simulated world: each member is an etcd server process (its
// replicated state in EtcdMemberApp, its per-process state here) serving the v3 API the way
// etcdserver/v3_server.go does: writes are proposed through Raft and answered when the
// member applies them; linearizable reads wait for a ReadIndex; serializable reads are
// served from whatever the member has applied; requests give up after etcd's own timeouts.

import type { ConfChange, Entry, NodeId, StateType } from "../raft";
import type { Seed } from "../sim/rng";
import { World, type RunEvent, type WorldObserver } from "../sim/world";
import type { DiskProfileName } from "../sim/disk";
import type { LinkSpec } from "../sim/network";
import type { Bytes } from "./bytes";
import { computeClusterId, computeMemberId, idToHex } from "./ids";
import { EtcdError, errors } from "./errors";
import type {
  DeleteRangeRequest,
  DeleteRangeResponse,
  PutRequest,
  PutResponse,
  RangeRequest,
  RangeResponse,
  TxnRequest,
  TxnResponse,
} from "./kv";
import { minLeaseTtlSeconds, RequestIdGenerator } from "./lease";
import {
  decode,
  sealEnvelope,
  type Envelope,
  EtcdMemberApp,
  isTxnReadonly,
  type AlarmMember,
  type AlarmType,
  type InternalRequest,
  type MemberInfo,
} from "./member";
import { MvccError } from "./mvcc";
import { crc32c } from "./hash";
import { Pending } from "./pending";
import type { WatchRequest, WatchResponse } from "./watch";

export const ETCD_VERSION = "3.4.23";
export const CLUSTER_VERSION = "3.4.0";
/** etcd's --max-request-bytes default: 1.5 MiB. */
export const DEFAULT_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;
/** gRPC's limit on a received message: max request bytes plus 512 KiB of overhead (2 MiB by default). */
export const GRPC_OVERHEAD_BYTES = 512 * 1024;
/** etcd's --quota-backend-bytes default: 2 GiB. */
export const DEFAULT_QUOTA_BACKEND_BYTES = 2 * 1024 * 1024 * 1024;
/** Bytes etcd's quota adds to every write for its bookkeeping (etcdserver/quota.go kvOverhead). */
const QUOTA_KV_OVERHEAD = 256;
/** How many cancelled timers' events may wait in the queue before they are dropped together. */
const CANCELLED_TIMERS_DROPPED_AT = 16;
/** The leader looks for expired leases this often (lessor's revoke loop). */
const LEASE_REVOKE_INTERVAL_MS = 500;
/** 2026-01-01T00:00:00Z: the simulated wall clock's origin unless a run says otherwise. */
export const DEFAULT_START_UNIX_MS = 1_767_225_600_000;
/**
 * Applied entries between Raft snapshots (etcd's --snapshot-count). etcd 3.4 defaults to
 * 100,000; the lab uses 10,000 so three members' logs stay small in a browser tab.
 */
export const DEFAULT_SNAPSHOT_COUNT = 10_000;
/** Entries kept after a snapshot so a slow follower can catch up without one (etcd's snapshotCatchUpEntries). */
const SNAPSHOT_CATCH_UP_ENTRIES = 5_000;
/** etcd's default --experimental-watch-progress-notify-interval. */
const WATCH_PROGRESS_INTERVAL_MS = 10 * 60 * 1000;

// ------------------------------------------------------------------ layout

export interface ServerConfig {
  /** The member id in hex: also the Raft node id. */
  id: string;
  name: string;
  /** host:port the member serves clients on. */
  clientAddr: string;
  clientURL: string;
  peerURL: string;
}

export interface Layout {
  token: string;
  clusterId: string;
  servers: ServerConfig[];
}

/**
 * A single member as `etcd` with its defaults on 127.0.0.1; three or five as etcd's
 * Procfile lays them out (infra1..infraN, clients on N2379, peers on N2380).
 */
export function clusterLayout(members: number): Layout {
  const token = members === 1 ? "etcd-cluster" : "etcd-cluster-1";
  const servers: ServerConfig[] = [];
  for (let i = 1; i <= members; i++) {
    const clientPort = members === 1 ? 2379 : i === 1 ? 2379 : i * 10000 + 2379;
    const peerPort = members === 1 ? 2380 : i * 10000 + 2380;
    const peerURL = `http://127.0.0.1:${peerPort}`;
    servers.push({
      id: idToHex(computeMemberId([peerURL], token)),
      name: members === 1 ? "default" : `infra${i}`,
      clientAddr: `127.0.0.1:${clientPort}`,
      clientURL: `http://127.0.0.1:${clientPort}`,
      peerURL,
    });
  }
  const clusterId = idToHex(computeClusterId(servers.map((s) => BigInt(`0x${s.id}`))));
  return { token, clusterId, servers };
}

export interface EtcdClusterOptions {
  members?: number;
  seed?: Seed;
  quotaBackendBytes?: number;
  maxRequestBytes?: number;
  tickMs?: number;
  electionTicks?: number;
  disk?: DiskProfileName;
  link?: Partial<LinkSpec>;
  /** The virtual wall clock at time 0, Unix ms: request and lease ids embed it. */
  startUnixMs?: number;
  /** etcd's --snapshot-count (see DEFAULT_SNAPSHOT_COUNT). */
  snapshotCount?: number;
  /** Faults and other events scheduled ahead (a recorded run). */
  events?: RunEvent[];
}

// ------------------------------------------------------------------ responses

export interface Header {
  clusterId: string;
  memberId: string;
  revision: number;
  raftTerm: number;
}

export interface StatusResponse {
  header: Header;
  version: string;
  dbSize: number;
  dbSizeInUse: number;
  leader: string;
  raftIndex: number;
  raftTerm: number;
  raftAppliedIndex: number;
  isLearner: boolean;
  errors: string[];
}

/** What `etcdctl snapshot restore` leaves in <data-dir>/member/snap/db in the lab's file system. */
export interface RestoredDataDir {
  name: string;
  clusterId: string;
  members: Array<{ id: string; name: string; peerURLs: string[] }>;
  /** The backed-up member state (EtcdMemberApp.snapshot()). */
  data: string;
}

export interface MemberListResponse {
  header: Header;
  members: MemberInfo[];
}

export interface LeaseTimeToLiveResponse {
  header: Header;
  id: bigint;
  ttl: number;
  grantedTtl: number;
  keys: Bytes[];
}

// ------------------------------------------------------------------ the server processes

/** A write a member proposed, until it is applied there (or the member's process dies). */
interface Proposal {
  pending: Pending<unknown>;
  startMs: number;
  leadAtStart: string;
  /**
   * Cancels the request timeout once the proposal is gone: the timer would find nothing to do,
   * and left to fire it was one event in every seven of a write.
   */
  cancelTimeout: (() => void) | undefined;
}

interface Server {
  config: ServerConfig;
  ids: RequestIdGenerator;
  /** Incarnation: bumped on each start, so answers of a dead process are dropped. */
  epoch: number;
  published: boolean;
  /** Proposals waiting to be applied on this member, by request id. */
  proposals: Map<string, Proposal>;
  /** Linearizable reads waiting for their ReadIndex, by context. */
  reads: Map<string, { serve: () => void; fail: (e: EtcdError) => void; leadAtStart: string }>;
  /** Proposals refused because the member knows no leader yet: retried every tick (raft's node blocks them). */
  waitingForLeader: Array<{ id: string; sealed: { payload: Envelope; size: number } }>;
  watchers: Set<WatchStream>;
  lastLead: string;
  lastState: StateType | undefined;
  lastLeaderElectedMs: number;
}

export class WatchStream {
  /** Responses the client has not consumed yet. */
  readonly responses: WatchResponse[] = [];
  closed = false;
  watchId = -1;
  /** The revision to resume from when the member comes back (clientv3 resumes after the last event seen). */
  nextRev: number;
  app: EtcdMemberApp | undefined;
  private waiter: Pending<void> | undefined;

  constructor(
    /** The member serving the watch now; a client with several endpoints moves it when that member dies. */
    public memberId: string,
    readonly request: WatchRequest,
    /** The client's endpoints (member ids, in its order): clientv3 reconnects a watch to the next one alive. */
    readonly endpoints: readonly string[] = [memberId],
  ) {
    this.nextRev = request.startRevision ?? 0;
  }

  /** Settles when a response is waiting (at once if one already is). */
  wait(): Pending<void> {
    if (this.responses.length > 0 || this.closed) return Pending.resolved(undefined);
    this.waiter ??= new Pending<void>();
    return this.waiter;
  }

  push(rs: readonly WatchResponse[]): void {
    if (rs.length === 0) return;
    for (const r of rs) {
      this.responses.push(r);
      // A watch from "now" resumes after the revision it was created at (clientv3 keeps that revision).
      if (r.created && this.nextRev === 0) this.nextRev = r.revision + 1;
      const last = r.events.at(-1);
      if (last) this.nextRev = last.kv.modRevision + 1;
      if (r.canceled) this.closed = true;
    }
    const w = this.waiter;
    this.waiter = undefined;
    w?.resolve(undefined);
  }

  close(): void {
    this.closed = true;
    const w = this.waiter;
    this.waiter = undefined;
    w?.resolve(undefined);
  }
}

function everyonePublished(app: EtcdMemberApp): boolean {
  for (const m of app.members.values()) if (m.name === "") return false;
  return true;
}

export class EtcdCluster implements WorldObserver {
  readonly world: World;
  readonly layout: Layout;
  readonly quotaBackendBytes: number;
  readonly maxRequestBytes: number;
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly startUnixMs: number;
  readonly snapshotCount: number;
  private readonly servers = new Map<string, Server>();
  private readonly timers = new Map<string, () => void>();
  private timerSeq = 0;
  /** Keys of cancelled timers whose events are still queued (see cancelTimer). */
  private readonly cancelledTimers = new Set<string>();
  private reqSeq = 0;
  private sinceLeaseCheckMs = 0;
  /** When each member's connection to each peer became active ("a->b"), as etcd's transport tracks it. */
  private readonly activeSince = new Map<string, number>();
  private sinceProgressMs = 0;

  constructor(options: EtcdClusterOptions = {}) {
    const n = options.members ?? 1;
    this.layout = clusterLayout(n);
    this.quotaBackendBytes = options.quotaBackendBytes ?? DEFAULT_QUOTA_BACKEND_BYTES;
    this.maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    this.tickMs = options.tickMs ?? 100;
    this.electionTicks = options.electionTicks ?? 10;
    this.startUnixMs = options.startUnixMs ?? DEFAULT_START_UNIX_MS;
    this.snapshotCount = options.snapshotCount ?? DEFAULT_SNAPSHOT_COUNT;
    const minTtl = minLeaseTtlSeconds(this.electionTicks, this.tickMs);
    const context: Record<NodeId, string> = {};
    for (const s of this.layout.servers) {
      const info: MemberInfo = { id: s.id, name: "", peerURLs: [s.peerURL], clientURLs: [], isLearner: false };
      context[s.id] = JSON.stringify(info);
      this.servers.set(s.id, this.newServer(s));
    }
    this.world = new World(
      {
        seed: options.seed ?? 1,
        topology: {
          members: n,
          ids: this.layout.servers.map((s) => s.id),
          tickMs: this.tickMs,
          electionTicks: this.electionTicks,
          // etcd runs Raft with CheckQuorum on and PreVote off in 3.4 (--pre-vote defaults to false).
          checkQuorum: true,
          preVote: false,
          disk: options.disk,
          link: options.link,
          bootstrap: "entries",
          bootstrapContext: context,
        },
        events: options.events ?? [],
      },
      { observers: [this], application: (id) => this.newApp(id, minTtl) },
    );
    this.world.setTimer(this.tickMs, "etcd-tick");
  }

  /**
   * A member's state machine, which may leave its applies for later while nothing waits on them:
   * no request of its clients is in flight (their answers come from the apply) and no watch is
   * open on it (its events go out as the entries apply). Whatever reads its state later applies
   * them first. The leader applies at once: its lessor reads the state every tick.
   */
  private newApp(id: string, minTtl: number): EtcdMemberApp {
    const app = new EtcdMemberApp(minTtl);
    app.deferWhile = () => {
      const s = this.servers.get(id);
      return s !== undefined && s.proposals.size === 0 && s.watchers.size === 0 && this.raft(id)?.state !== "leader";
    };
    return app;
  }

  private newServer(config: ServerConfig): Server {
    return {
      config,
      ids: new RequestIdGenerator(BigInt(`0x${config.id}`), this.startUnixMs),
      epoch: 0,
      published: false,
      proposals: new Map(),
      reads: new Map(),
      waitingForLeader: [],
      watchers: new Set(),
      lastLead: "",
      lastState: undefined,
      lastLeaderElectedMs: 0,
    };
  }

  // -------------------------------------------------------------- looking up

  get nowMs(): number {
    return this.world.nowMs;
  }

  /** Wall-clock time of the simulation, Unix ms (for log lines and ids). */
  get nowUnixMs(): number {
    return this.startUnixMs + Math.floor(this.world.nowMs);
  }

  serverConfigs(): ServerConfig[] {
    return [...this.servers.values()].map((s) => s.config);
  }

  configByAddr(addr: string): ServerConfig | undefined {
    const [host, port] = splitHostPort(addr);
    const local = host === "127.0.0.1" || host === "localhost" || host === "0.0.0.0" || host === "";
    if (!local) return undefined;
    for (const s of this.servers.values()) if (s.config.clientAddr.endsWith(`:${port}`)) return s.config;
    return undefined;
  }

  configByName(name: string): ServerConfig | undefined {
    for (const s of this.servers.values()) if (s.config.name === name || s.config.id === name) return s.config;
    return undefined;
  }

  isUp(id: string): boolean {
    return this.world.members.get(id)?.up ?? false;
  }

  app(id: string): EtcdMemberApp | undefined {
    return this.world.appOf(id) as EtcdMemberApp | undefined;
  }

  private raft(id: string) {
    return this.world.members.get(id)?.node?.raft;
  }

  /** Proposals the member has made and not yet seen applied (etcd_server_proposals_pending). */
  pendingProposals(id: string): number {
    return this.servers.get(id)?.proposals.size ?? 0;
  }

  leaderId(): string | undefined {
    return this.world.leader();
  }

  header(id: string): Header {
    const app = this.app(id);
    return { clusterId: this.layout.clusterId, memberId: id, revision: app?.store.currentRev ?? 0, raftTerm: app?.appliedTerm ?? 0 };
  }

  // -------------------------------------------------------------- time

  /** Runs `fn` at virtual time atMs, in order with the world's events. */
  at(atMs: number, fn: () => void): () => void {
    const key = `t${++this.timerSeq}`;
    this.timers.set(key, fn);
    this.world.setTimer(atMs, key);
    return () => {
      if (this.timers.delete(key)) this.cancelTimer(key);
    };
  }

  /**
   * Nearly every deadline is cancelled (its request settled) long before it is due: a minute for
   * kube-apiserver's etcd calls. Their events are dropped from the queue in batches, which would
   * otherwise hold several times the live events and make every push and pop dearer.
   */
  private cancelTimer(key: string): void {
    this.cancelledTimers.add(key);
    if (this.cancelledTimers.size < CANCELLED_TIMERS_DROPPED_AT) return;
    this.world.dropTimers(this.cancelledTimers);
    this.cancelledTimers.clear();
  }

  /** Rejects `p` with the client's "context deadline exceeded" if it has not settled by atMs. */
  deadline<T>(p: Pending<T>, atMs: number): Pending<T> {
    if (p.settled) return p;
    const cancel = this.at(atMs, () => p.reject(errors.deadlineExceeded()));
    p.onSettle(cancel);
    return p;
  }

  runFor(ms: number): void {
    this.world.runFor(ms);
  }

  /**
   * Steps the world until `done()` holds or the clock reaches `untilMs`, never past it: an
   * interactive host resumes each command at the very virtual time its wait settles, so a
   * run advanced in wall-clock slices replays exactly from its recorded inputs.
   */
  runUntilDone(done: () => boolean, untilMs: number): void {
    while (!done()) {
      const next = this.world.nextEventMs();
      if (next === undefined || next > untilMs) {
        this.world.runUntil(untilMs);
        return;
      }
      this.world.step();
    }
  }

  /** Steps the world until `p` settles or virtual time reaches `untilMs`. */
  runUntilSettled(p: Pending<unknown, Error>, untilMs = Number.POSITIVE_INFINITY): void {
    while (!p.settled && this.world.nowMs <= untilMs) if (!this.world.step()) break;
  }

  /** Until some member leads and every member that is up has applied its log (a settled cluster). */
  settle(maxMs = 30_000): void {
    const until = this.nowMs + maxMs;
    while (this.nowMs < until) {
      this.world.runFor(this.tickMs);
      const lead = this.leaderId();
      if (!lead) continue;
      const app = this.app(lead);
      if (app && app.clusterVersion !== "" && this.allApplied()) return;
    }
  }

  private allApplied(): boolean {
    for (const m of this.world.members.values()) {
      const r = m.node?.raft;
      if (m.up && r && r.raftLog.applied < r.raftLog.committed) return false;
    }
    return true;
  }

  // -------------------------------------------------------------- world observer

  onTimer(key: string): void {
    if (key === "etcd-tick") {
      this.tick();
      this.world.setTimer(this.nowMs + this.tickMs, "etcd-tick");
      return;
    }
    const fn = this.timers.get(key);
    if (!fn) {
      this.cancelledTimers.delete(key);
      return;
    }
    this.timers.delete(key);
    fn();
  }

  onApplied(member: NodeId, _entry: Entry, requestId: string | undefined): void {
    const app = this.app(member);
    if (!app) return;
    const result = requestId === undefined ? undefined : app.takeResult(requestId);
    const s = this.servers.get(member);
    if (!s) return;
    if (requestId !== undefined && result) {
      const waiting = s.proposals.get(requestId);
      if (waiting) {
        s.proposals.delete(requestId);
        waiting.cancelTimeout?.();
        // Every answer carries the header of the member that gives it.
        if ("ok" in result) waiting.pending.resolve({ ...(result.ok as object), header: this.header(member) });
        else waiting.pending.reject(toEtcdError(result.error));
      }
    }
    this.feedWatchers(s, app);
  }

  onReadReady(member: NodeId, ctx: string): void {
    const read = this.servers.get(member)?.reads.get(ctx);
    if (!read) return;
    this.servers.get(member)!.reads.delete(ctx);
    read.serve();
  }

  onStateChange(member: NodeId, state: StateType): void {
    const app = this.app(member);
    if (!app) return;
    // Asked every tick of every member: isPrimary leaves a member's deferred applies waiting.
    if (state === "leader" && !app.isPrimary) {
      // A new leader gives every lease a full TTL plus an election timeout (lessor.Promote).
      app.lessor.promote(this.nowMs + this.electionTicks * this.tickMs);
    } else if (state !== "leader" && app.isPrimary) {
      app.lessor.demote();
    }
  }

  private trackConnections(): void {
    // Every tick, for every ordered pair: the pairs and their keys are built again only when a server is
    // added (servers are never removed from the map: a removed member keeps its entry, down).
    if (this.pairs.length !== this.servers.size * (this.servers.size - 1)) {
      const ids = [...this.servers.keys()];
      this.pairs = ids.flatMap((a) =>
        ids.filter((b) => b !== a).map((b) => ({ a, b, key: `${a}->${b}`, active: this.activeSince.has(`${a}->${b}`) })),
      );
    } else if (this.world.connectivity === this.trackedConnectivity) return; // nobody came, went or was cut off
    this.trackedConnectivity = this.world.connectivity;
    // The map changes only when a link comes up or goes down: `active` spares it a lookup every tick.
    for (const pair of this.pairs) {
      const reachable = this.reachable(pair.a, pair.b);
      if (reachable === pair.active) continue;
      pair.active = reachable;
      if (reachable) this.activeSince.set(pair.key, this.nowMs);
      else this.activeSince.delete(pair.key);
    }
  }

  /** The world's connectivity when the pairs were last looked at. */
  private trackedConnectivity = -1;

  /** Ordered pairs of servers with their activeSince keys and whether they are in it (derived from `servers`). */
  private pairs: Array<{ a: string; b: string; key: string; active: boolean }> = [];

  /** etcd's HealthInterval: a membership change needs peers connected at least this long. */
  static readonly HEALTH_INTERVAL_MS = 5000;

  private connectedSince(id: string, peer: string, sinceMs: number): boolean {
    const t = this.activeSince.get(`${id}->${peer}`);
    return t !== undefined && t <= sinceMs;
  }

  /** etcd's periodic work, every tick: publish, cluster version, lease expiry, leader changes. */
  private tick(): void {
    this.trackConnections();
    this.sinceLeaseCheckMs += this.tickMs;
    this.sinceProgressMs += this.tickMs;
    const checkLeases = this.sinceLeaseCheckMs >= LEASE_REVOKE_INTERVAL_MS;
    if (checkLeases) this.sinceLeaseCheckMs = 0;
    const progress = this.sinceProgressMs >= WATCH_PROGRESS_INTERVAL_MS;
    if (progress) this.sinceProgressMs = 0;
    for (const s of this.servers.values()) {
      const m = this.world.members.get(s.config.id);
      const r = m?.node?.raft;
      if (!m?.up || !r) {
        if (s.epoch === (m?.epoch ?? -1)) continue;
        this.processDied(s);
        s.epoch = m?.epoch ?? -1;
        continue;
      }
      if (s.epoch !== m.epoch) this.processStarted(s, m.epoch);
      const app = m.app as EtcdMemberApp;
      if (r.raftLog.applied - m.storage.snapshot().metadata.index > this.snapshotCount) {
        this.world.schedule({ atMs: this.nowMs, kind: "compact", member: s.config.id, keep: SNAPSHOT_CATCH_UP_ENTRIES });
      }
      if (r.lead !== s.lastLead) {
        if (r.lead !== "") s.lastLeaderElectedMs = this.nowMs;
        for (const [ctx, read] of s.reads) {
          s.reads.delete(ctx);
          this.world.cancelRead(s.config.id, ctx);
          read.fail(errors.leaderChanged());
        }
        s.lastLead = r.lead;
      }
      this.onStateChange(s.config.id, r.state);
      if (r.lead === "") continue;
      if (s.waitingForLeader.length > 0) for (const w of s.waitingForLeader.splice(0)) this.proposeData(s, w.id, w.sealed);
      if (!s.published) {
        s.published = true;
        this.proposeInternal(s, { publish: { name: s.config.name, clientURLs: [s.config.clientURL] } });
      }
      if (r.state === "leader") {
        if (app.clusterVersion === "" && everyonePublished(app)) this.proposeInternal(s, { clusterVersion: CLUSTER_VERSION });
        if (checkLeases) for (const id of app.lessor.expired(this.nowMs)) this.proposeInternal(s, { leaseRevoke: { id } });
      }
      if (progress && s.watchers.size > 0) {
        app.watches.notifyProgress();
        this.feedWatchers(s, app);
      }
    }
  }

  private processStarted(s: Server, epoch: number): void {
    s.epoch = epoch;
    s.published = false;
    s.ids = new RequestIdGenerator(BigInt(`0x${s.config.id}`), this.nowUnixMs);
    s.lastLead = "";
    // Watches reconnect and resume after the last revision they saw (clientv3's behaviour);
    // so do those of clients whose every endpoint was down, if this member is one of them.
    for (const w of s.watchers) this.openWatch(s, w);
    for (const w of [...this.stranded]) {
      if (!w.endpoints.includes(s.config.id)) continue;
      this.stranded.delete(w);
      this.moveWatch(w, s);
    }
  }

  /** Watches whose client has no endpoint alive: they wait for one to start. */
  private readonly stranded = new Set<WatchStream>();

  /** A client with other endpoints reconnects its watches there when their member dies. */
  private failOverWatches(dead: Server): void {
    for (const w of [...dead.watchers]) {
      if (w.endpoints.length < 2 || w.closed) continue;
      dead.watchers.delete(w);
      const next = w.endpoints.find((id) => id !== dead.config.id && this.isUp(id) && this.servers.has(id));
      if (next) this.moveWatch(w, this.server(next));
      else this.stranded.add(w);
    }
  }

  private moveWatch(w: WatchStream, to: Server): void {
    w.memberId = to.config.id;
    to.watchers.add(w);
    this.openWatch(to, w);
  }

  private processDied(s: Server): void {
    for (const p of s.proposals.values()) {
      p.cancelTimeout?.();
      p.pending.reject(errors.stopped());
    }
    s.proposals.clear();
    for (const read of s.reads.values()) read.fail(errors.stopped());
    s.reads.clear();
    s.waitingForLeader = [];
    for (const w of s.watchers) w.app = undefined;
    this.failOverWatches(s);
  }

  // -------------------------------------------------------------- proposals

  private server(id: string): Server {
    const s = this.servers.get(id);
    if (!s) throw new RangeError(`no etcd member ${id}`);
    return s;
  }

  private nextRequestId(s: Server): string {
    // The id is the member's request id; the sequence makes it unique across restarts too.
    return `${idToHex(s.ids.next())}.${++this.reqSeq}`;
  }

  /** `size`: the request's encoded size, when the caller has measured it already. */
  private proposeInternal(s: Server, req: InternalRequest, size = this.requestBytes(req)): Pending<unknown> {
    const id = this.nextRequestId(s);
    const pending = new Pending<unknown>();
    const proposal: Proposal = { pending, startMs: this.nowMs, leadAtStart: s.lastLead, cancelTimeout: undefined };
    s.proposals.set(id, proposal);
    this.proposeData(s, id, sealEnvelope({ id, from: s.config.id, req }, size));
    // A request that ends (timed out, or its client gave up) while it waits for a leader never
    // reaches the log: raft's Propose returns with the context, and etcd drops the proposal.
    pending.onSettle(() => {
      if (s.waitingForLeader.length > 0) s.waitingForLeader = s.waitingForLeader.filter((w) => w.id !== id);
    });
    // etcd's request timeout: 5 s plus two election timeouts.
    const timeoutMs = 5000 + 2 * this.electionTicks * this.tickMs;
    const startMs = this.nowMs;
    proposal.cancelTimeout = this.at(this.nowMs + timeoutMs, () => {
      if (!s.proposals.delete(id)) return;
      pending.reject(this.timeoutError(s, startMs));
    });
    return pending;
  }

  private proposeData(s: Server, id: string, sealed: { payload: Envelope; size: number }): void {
    const outcome = this.world.propose(s.config.id, id, sealed);
    if (outcome === "dropped") s.waitingForLeader.push({ id, sealed });
  }

  /** Which timeout error etcd reports (parseProposeCtxErr). */
  private timeoutError(s: Server, startMs: number): EtcdError {
    const prevLeadLost = s.lastLeaderElectedMs - 2 * this.electionTicks * this.tickMs;
    if (startMs > prevLeadLost && startMs < s.lastLeaderElectedMs) return errors.timeoutDueToLeaderFail();
    const lead = this.raft(s.config.id)?.lead ?? "";
    if (lead !== "") {
      const peers = lead === s.config.id ? this.votersOf(s.config.id).filter((p) => p !== lead) : [lead];
      const connected = peers.filter((p) => this.reachable(s.config.id, p)).length;
      const needed = lead === s.config.id ? Math.floor((peers.length + 1) / 2) : 1;
      if (connected < needed) return errors.timeoutDueToConnectionLost();
    }
    return errors.timeout();
  }

  private votersOf(id: string): string[] {
    const r = this.raft(id);
    if (!r) return [];
    return [...r.prs].filter(([, pr]) => !pr.isLearner).map(([pid]) => pid);
  }

  /** Whether peer traffic flows both ways between two members (both up, not partitioned). */
  reachable(a: string, b: string): boolean {
    return this.isUp(a) && this.isUp(b) && !this.world.network.isBlocked(a, b) && !this.world.network.isBlocked(b, a);
  }

  // -------------------------------------------------------------- the v3 API

  /** The refusal a client gets from a member that is not serving, if any. */
  private refuse(id: string): EtcdError | undefined {
    if (!this.isUp(id)) return new EtcdError("connection refused", "Unavailable");
    return undefined;
  }

  private checkLearner(id: string, allowed: boolean): void {
    if (!allowed && this.raft(id)?.isLearner) throw errors.learnerNotSupported();
  }

  /** About what the request takes in protobuf: its bytes plus a few per field. */
  private requestBytes(req: unknown): number {
    if (typeof req === "string") return req.length + 2;
    if (typeof req === "number" || typeof req === "bigint") return 9;
    if (typeof req === "boolean") return 2;
    if (Array.isArray(req)) return req.reduce((n: number, r: unknown) => n + this.requestBytes(r), 2);
    if (req && typeof req === "object") return Object.values(req).reduce((n: number, r: unknown) => n + this.requestBytes(r), 2);
    return 0;
  }
  /** The checks etcdserver makes before proposing a write: size, then quota (raising NOSPACE). Returns the size. */
  private preWrite(s: Server, req: InternalRequest): number {
    const size = this.requestBytes(req);
    if (size > this.maxRequestBytes + GRPC_OVERHEAD_BYTES) {
      throw new EtcdError(
        `grpc: received message larger than max (${size} vs. ${this.maxRequestBytes + GRPC_OVERHEAD_BYTES})`,
        "ResourceExhausted",
      );
    }
    const app = this.app(s.config.id)!;
    const costly = "put" in req || "leaseGrant" in req || ("txn" in req && !isTxnReadonly(req.txn));
    // The quota is checked first (etcd's quota interceptor), the request size when proposing.
    if (costly && app.store.dbSize() + size + QUOTA_KV_OVERHEAD > this.quotaBackendBytes) {
      // etcd raises the alarm through Raft and refuses this request at once.
      this.proposeInternal(s, { alarm: { action: "ACTIVATE", memberId: s.config.id, alarm: "NOSPACE" } });
      throw errors.noSpace();
    }
    if (size > this.maxRequestBytes) throw errors.requestTooLarge();
    return size;
  }

  private write<T>(id: string, req: InternalRequest): Pending<T> {
    const refused = this.refuse(id);
    if (refused) return Pending.rejected(refused);
    const s = this.server(id);
    let size: number;
    try {
      this.checkLearner(id, false);
      size = this.preWrite(s, req);
    } catch (error) {
      return Pending.rejected(toEtcdError(error));
    }
    return this.proposeInternal(s, req, size) as Pending<T>;
  }

  /** Serves `fn` after a ReadIndex round (linearizable) or at once (serializable). */
  private read<T>(id: string, serializable: boolean, fn: (app: EtcdMemberApp) => T): Pending<T> {
    const refused = this.refuse(id);
    if (refused) return Pending.rejected(refused);
    const p = new Pending<T>();
    try {
      this.checkLearner(id, serializable);
    } catch (error) {
      return Pending.rejected(toEtcdError(error));
    }
    const serve = () => {
      const app = this.app(id);
      if (!app) return p.reject(errors.stopped());
      try {
        p.resolve(fn(app));
      } catch (error) {
        p.reject(toEtcdError(error));
      }
    };
    if (serializable) {
      serve();
      return p;
    }
    const s = this.server(id);
    const ctx = `read.${++this.reqSeq}`;
    s.reads.set(ctx, { serve, fail: (e) => p.reject(e), leadAtStart: s.lastLead });
    this.world.readIndex(id, ctx);
    const timeoutMs = 5000 + 2 * this.electionTicks * this.tickMs;
    this.at(this.nowMs + timeoutMs, () => {
      if (!s.reads.delete(ctx)) return;
      this.world.cancelRead(id, ctx);
      p.reject(errors.timeout());
    });
    return p;
  }

  range(id: string, r: RangeRequest): Pending<RangeResponse & { header: Header }> {
    return this.read(id, r.serializable ?? false, (app) => ({ ...app.kv.range(r), header: this.header(id) }));
  }

  put(id: string, r: PutRequest) {
    return this.write<PutResponse & { header: Header }>(id, { put: r });
  }

  deleteRange(id: string, r: DeleteRangeRequest) {
    return this.write<DeleteRangeResponse & { header: Header }>(id, { deleteRange: r });
  }

  txn(id: string, r: TxnRequest): Pending<TxnResponse & { header: Header }> {
    if (isTxnReadonly(r)) return this.read(id, false, (app) => ({ ...app.kv.txn(r), header: this.header(id) }));
    return this.write<TxnResponse & { header: Header }>(id, { txn: r });
  }

  compact(id: string, revision: number, physical = false) {
    return this.write<{ revision: number }>(id, { compaction: { revision, physical } });
  }

  leaseGrant(id: string, ttl: number, leaseId = 0n) {
    const refused = this.refuse(id);
    if (refused) return Pending.rejected<{ id: bigint; ttl: number }>(refused);
    // The lease id comes from the member's request id generator, before the request's own id.
    const chosen = leaseId !== 0n ? leaseId : this.server(id).ids.nextLeaseId();
    return this.write<{ id: bigint; ttl: number }>(id, { leaseGrant: { id: chosen, ttl } });
  }

  leaseRevoke(id: string, leaseId: bigint) {
    return this.write<{ revision: number }>(id, { leaseRevoke: { id: leaseId } });
  }

  /** Keep-alive and time-to-live are answered by the leader's lessor; a follower forwards them. */
  private viaLeader<T>(id: string, fn: (leader: EtcdMemberApp, leaderId: string) => T): Pending<T> {
    const refused = this.refuse(id);
    if (refused) return Pending.rejected(refused);
    const p = new Pending<T>();
    const attempt = () => {
      if (p.settled || !this.isUp(id)) return;
      const lead = this.raft(id)?.lead ?? "";
      const app = lead ? this.app(lead) : undefined;
      if (lead && app && (lead === id || this.reachable(id, lead)) && app.lessor.isPrimary) {
        try {
          p.resolve(fn(app, lead));
        } catch (error) {
          p.reject(toEtcdError(error));
        }
        return;
      }
      this.at(this.nowMs + this.tickMs, attempt);
    };
    attempt();
    const timeoutMs = 5000 + 2 * this.electionTicks * this.tickMs;
    this.deadlineWith(p, this.nowMs + timeoutMs, errors.timeout());
    return p;
  }

  private deadlineWith<T>(p: Pending<T>, atMs: number, error: EtcdError): void {
    if (p.settled) return;
    const cancel = this.at(atMs, () => p.reject(error));
    p.onSettle(cancel);
  }

  leaseKeepAlive(id: string, leaseId: bigint): Pending<{ id: bigint; ttl: number; header: Header }> {
    return this.viaLeader(id, (leader, leaderId) => {
      let ttl: number;
      try {
        ttl = leader.lessor.renew(leaseId, this.nowMs);
      } catch {
        ttl = 0; // etcd answers a keep-alive for an unknown lease with TTL 0
      }
      return { id: leaseId, ttl, header: this.header(leaderId) };
    });
  }

  leaseTimeToLive(id: string, leaseId: bigint): Pending<LeaseTimeToLiveResponse> {
    return this.viaLeader(id, (leader, leaderId) => {
      const lease = leader.lessor.lookup(leaseId);
      if (!lease) return { header: this.header(leaderId), id: leaseId, ttl: -1, grantedTtl: 0, keys: [] };
      return {
        header: this.header(leaderId),
        id: leaseId,
        ttl: leader.lessor.remainingSeconds(leaseId, this.nowMs),
        grantedTtl: lease.ttl,
        keys: [...lease.keys].sort(),
      };
    });
  }

  leaseLeases(id: string): Pending<{ header: Header; leases: bigint[] }> {
    return this.read(id, true, (app) => ({ header: this.header(id), leases: app.lessor.list() }));
  }

  alarm(id: string, action: "GET" | "ACTIVATE" | "DEACTIVATE", memberId = "0", alarm: AlarmType | "NONE" = "NONE") {
    // etcd answers GET through Raft too, so it fails without a quorum like any write.
    return this.write<{ alarms: AlarmMember[] }>(id, { alarm: { action, memberId, alarm } });
  }

  status(id: string): Pending<StatusResponse> {
    const refused = this.refuse(id);
    if (refused) return Pending.rejected(refused);
    const app = this.app(id)!;
    const r = this.raft(id)!;
    return Pending.resolved({
      header: this.header(id),
      version: ETCD_VERSION,
      dbSize: app.store.dbSize(),
      dbSizeInUse: app.store.dbSizeInUse(),
      leader: r.lead === "" ? "0" : r.lead,
      raftIndex: r.raftLog.committed,
      raftTerm: app.appliedTerm,
      raftAppliedIndex: r.raftLog.applied,
      isLearner: r.isLearner,
      errors: [
        ...app.alarms.map((a) => `memberID:${BigInt(`0x${a.memberId}`)} alarm:${a.alarm} `),
        ...(r.lead === "" ? [errors.noLeader().message] : []),
      ],
    });
  }

  /** The KV history's hash at a revision (etcd's HashKV), computed over the member's backend records. */
  hashKV(id: string, revision = 0): Pending<{ hash: number; compactRevision: number; header: Header }> {
    const refused = this.refuse(id);
    if (refused) return Pending.rejected(refused);
    const app = this.app(id)!;
    return Pending.attempt(() => {
      try {
        return { hash: app.store.hashByRev(revision), compactRevision: app.store.compactMainRev, header: this.header(id) };
      } catch (error) {
        throw toEtcdError(error);
      }
    });
  }

  /** A backend snapshot streamed to the client (etcdctl snapshot save). */
  snapshot(id: string): Pending<{ revision: number; keys: number; size: number; hash: number; data: string }> {
    const refused = this.refuse(id);
    if (refused) return Pending.rejected(refused);
    const app = this.app(id)!;
    const data = app.snapshot();
    // bbolt holds the MVCC records plus a few bookkeeping keys (consistent index, cluster version, members).
    const keys = app.store.storedRevisions() + 3 + app.members.size;
    return Pending.resolved({ revision: app.store.currentRev, keys, size: app.store.dbSize(), hash: crc32c(data), data });
  }

  defragment(id: string): Pending<{ header: Header }> {
    const refused = this.refuse(id);
    if (refused) return Pending.rejected(refused);
    this.app(id)!.store.defragment();
    return Pending.resolved({ header: this.header(id) });
  }

  memberList(id: string): Pending<MemberListResponse> {
    return this.read(id, true, (app) => ({ header: this.header(id), members: sortedMembers(app) }));
  }

  // -------------------------------------------------------------- membership

  private confChange(id: string, cc: ConfChange, check: (app: EtcdMemberApp) => void): Pending<MemberListResponse> {
    const refused = this.refuse(id);
    if (refused) return Pending.rejected(refused);
    const app = this.app(id)!;
    try {
      check(app);
    } catch (error) {
      return Pending.rejected(toEtcdError(error));
    }
    const p = new Pending<MemberListResponse>();
    const appliedBefore = (target: EtcdMemberApp) => JSON.stringify(sortedMembers(target));
    const before = appliedBefore(app);
    const outcome = this.world.proposeConfChangeAt(id, cc);
    if (outcome !== "ok") {
      this.deadlineWith(p, this.nowMs + 5000 + 2 * this.electionTicks * this.tickMs, errors.timeout());
      return p;
    }
    // Answered when this member has applied the change (its membership changed).
    const poll = () => {
      if (p.settled) return;
      const now = this.app(id);
      if (now && appliedBefore(now) !== before) {
        p.resolve({ header: this.header(id), members: sortedMembers(now) });
        return;
      }
      this.at(this.nowMs + 1, poll);
    };
    this.at(this.nowMs + 1, poll);
    this.deadlineWith(p, this.nowMs + 5000 + 2 * this.electionTicks * this.tickMs, errors.timeout());
    return p;
  }

  // Strict reconfiguration checks (--strict-reconfig-check, on by default): a membership
  // change may not cost the quorum (etcd's mayAddMember / mayRemoveMember).

  private votingMembers(app: EtcdMemberApp): MemberInfo[] {
    return [...app.members.values()].filter((m) => !m.isLearner);
  }

  private checkMayAdd(id: string, app: EtcdMemberApp, isLearner: boolean): void {
    const voting = this.votingMembers(app);
    const started = voting.filter((m) => m.name !== "").length;
    if (!isLearner && started < Math.floor((voting.length + 1) / 2) + 1) throw errors.notEnoughStartedMembers();
    const since = this.nowMs - EtcdCluster.HEALTH_INTERVAL_MS;
    if (voting.some((m) => m.id !== id && !this.connectedSince(id, m.id, since))) throw errors.unhealthy();
  }

  private checkMayRemove(id: string, app: EtcdMemberApp, target: string): void {
    if (app.members.get(target)?.isLearner) return;
    const others = this.votingMembers(app).filter((m) => m.id !== target);
    if (others.filter((m) => m.name !== "").length < Math.floor(others.length / 2) + 1) throw errors.notEnoughStartedMembers();
    // A member that is down is not part of the active quorum: removing it is safe.
    if (target !== id && !this.activeSince.has(`${id}->${target}`)) return;
    const voting = this.votingMembers(app);
    const since = this.nowMs - EtcdCluster.HEALTH_INTERVAL_MS;
    const active = voting.filter((m) => m.id === id || this.connectedSince(id, m.id, since)).length;
    if (active - 1 < 1 + Math.floor((voting.length - 1) / 2)) throw errors.unhealthy();
  }

  memberAdd(id: string, peerURLs: string[], isLearner: boolean): Pending<MemberListResponse & { member: MemberInfo }> {
    const newId = idToHex(computeMemberId(peerURLs, this.layout.token, Math.floor(this.nowUnixMs / 1000)));
    const info: MemberInfo = { id: newId, name: "", peerURLs, clientURLs: [], isLearner };
    const p = this.confChange(
      id,
      { type: isLearner ? "addLearnerNode" : "addNode", nodeId: newId, context: JSON.stringify(info) },
      (app) => {
        if (app.members.has(newId) || app.removed.has(newId)) throw errors.memberExist();
        for (const m of app.members.values()) if (m.peerURLs.some((u) => peerURLs.includes(u))) throw errors.peerURLExist();
        if (isLearner && [...app.members.values()].filter((m) => m.isLearner).length >= 1) throw errors.tooManyLearners();
        this.checkMayAdd(id, app, isLearner);
      },
    );
    const out = new Pending<MemberListResponse & { member: MemberInfo }>();
    p.onSettle(() => (p.state === "ok" ? out.resolve({ ...p.value!, member: info }) : out.reject(p.error!)));
    return out;
  }

  memberRemove(id: string, target: string): Pending<MemberListResponse> {
    return this.confChange(id, { type: "removeNode", nodeId: target }, (app) => {
      const m = app.members.get(target);
      if (!m) throw errors.memberNotFound();
      this.checkMayRemove(id, app, target);
    });
  }

  memberUpdate(id: string, target: string, peerURLs: string[]): Pending<MemberListResponse> {
    return this.confChange(id, { type: "updateNode", nodeId: target, context: JSON.stringify({ id: target, peerURLs }) }, (app) => {
      const m = app.members.get(target);
      if (!m) throw errors.memberNotFound();
      for (const other of app.members.values()) {
        if (other.id !== target && other.peerURLs.some((u) => peerURLs.includes(u))) throw errors.peerURLExist();
      }
    });
  }

  memberPromote(id: string, target: string): Pending<MemberListResponse> {
    return this.confChange(id, { type: "addNode", nodeId: target }, (app) => {
      const m = app.members.get(target);
      const lead = this.leaderId();
      const pr = lead ? this.raft(lead)?.prs.get(target) : undefined;
      const leaderMatch = lead ? (this.raft(lead)?.prs.get(lead)?.match ?? 0) : 0;
      // The leader first checks the member's log is within 90% of its own (isLearnerReady), then the membership.
      if (pr && pr.match < leaderMatch * 0.9) throw errors.learnerNotReady();
      if (!m) throw errors.memberNotFound();
      if (!m.isLearner) throw errors.memberNotLearner();
    });
  }

  /** etcdctl move-leader: only the leader can hand over, and only to a voting member. */
  moveLeader(id: string, target: string): Pending<{ header: Header }> {
    const refused = this.refuse(id);
    if (refused) return Pending.rejected(refused);
    const r = this.raft(id)!;
    if (r.state !== "leader") return Pending.rejected(errors.notLeader());
    const pr = r.prs.get(target);
    if (!pr || pr.isLearner) return Pending.rejected(errors.badLeaderTransferee());
    const p = new Pending<{ header: Header }>();
    this.world.schedule({ atMs: this.nowMs, kind: "transferLeader", member: id, to: target });
    const poll = () => {
      if (p.settled) return;
      if (this.raft(target)?.state === "leader") return p.resolve({ header: this.header(id) });
      this.at(this.nowMs + 1, poll);
    };
    this.at(this.nowMs + 1, poll);
    this.deadlineWith(
      p,
      this.nowMs + 5000 + 2 * this.electionTicks * this.tickMs,
      new EtcdError("etcdserver: request timed out, leader transfer took too long", "Unavailable"),
    );
    return p;
  }

  /**
   * Boots a member from a data directory made by `etcdctl snapshot restore`: its old data
   * is replaced and it starts as a member of the restored cluster. Returns why it cannot,
   * if it cannot (the directory belongs to another member or cluster).
   */
  startFromRestore(id: string, restored: RestoredDataDir): string | undefined {
    const me = restored.members.find((m) => m.name === restored.name);
    if (!me || me.id !== id) {
      const who = me ? `member ${me.id} (${me.peerURLs.join(",")})` : "another member";
      return `the data directory was restored for ${who}, not ${id}: restore with --name and --initial-advertise-peer-urls of this member`;
    }
    if (restored.clusterId !== this.layout.clusterId) {
      return `the data directory was restored for cluster ${restored.clusterId}, not this cluster (${this.layout.clusterId}): use the same --initial-cluster and --initial-cluster-token`;
    }
    const data = EtcdMemberApp.restored(restored.data, restored.members);
    this.world.schedule({
      atMs: this.nowMs,
      kind: "restoreData",
      member: id,
      data,
      index: restored.members.length,
      voters: restored.members.map((m) => m.id),
    });
    this.world.schedule({ atMs: this.nowMs, kind: "restart", member: id });
    this.world.runUntil(this.nowMs);
    return undefined;
  }

  /**
   * Starts the etcd process of a member added with `member add`, found by its peer URL;
   * its client URL is on the port below the peer port (the labs' layout). Returns why not, if not.
   */
  join(name: string, peerURL: string): string | undefined {
    const lead = this.leaderId();
    const app = lead ? this.app(lead) : this.app([...this.servers.keys()].find((id) => this.isUp(id)) ?? "");
    if (!app) return "no member is running to join";
    const info = [...app.members.values()].find((m) => m.peerURLs.includes(peerURL));
    if (!info) return `no member with peer URL ${peerURL}: add it first with 'etcdctl member add ${name} --peer-urls=${peerURL}'`;
    if (this.servers.has(info.id) && this.world.members.has(info.id))
      return `member ${info.id} already has a process ('cluster start ${name}')`;
    const port = Number(/:(\d+)$/.exec(peerURL)?.[1] ?? "0");
    if (!port) return `cannot read a port from ${peerURL}`;
    const clientURL = peerURL.replace(/:\d+$/, `:${port - 1}`);
    this.startMember(info.id, name, clientURL, peerURL);
    return undefined;
  }

  /** Starts an added member's process (etcd --initial-cluster-state existing). */
  startMember(id: string, name: string, clientURL: string, peerURL: string): void {
    if (!this.servers.has(id)) {
      const port = clientURL.replace(/^.*:/, "");
      this.servers.set(id, this.newServer({ id, name, clientAddr: `127.0.0.1:${port}`, clientURL, peerURL }));
    }
    this.world.startJoiningMember(id);
  }

  // -------------------------------------------------------------- watch

  watch(id: string, request: WatchRequest, endpoints: readonly string[] = [id]): WatchStream | EtcdError {
    const refused = this.refuse(id);
    if (refused) return refused;
    const s = this.server(id);
    const w = new WatchStream(id, request, endpoints);
    s.watchers.add(w);
    this.openWatch(s, w);
    return w;
  }

  cancelWatch(w: WatchStream): void {
    const s = this.servers.get(w.memberId);
    s?.watchers.delete(w);
    this.stranded.delete(w);
    if (w.app && w.watchId >= 0) w.app.watches.cancel(w.watchId);
    w.close();
  }

  private openWatch(s: Server, w: WatchStream): void {
    const app = this.app(s.config.id);
    if (!app) return;
    w.app = app;
    const resumed = w.watchId >= 0;
    w.watchId = app.watches.watch({ ...w.request, startRevision: w.nextRev });
    const responses = app.watches.drain(w.watchId);
    // A resumed watch does not announce itself again.
    w.push(resumed ? responses.filter((r) => !r.created) : responses);
    if (w.closed) s.watchers.delete(w);
  }

  private feedWatchers(s: Server, app: EtcdMemberApp): void {
    for (const w of s.watchers) {
      if (w.app !== app) continue;
      w.push(app.watches.drain(w.watchId));
      if (w.closed) s.watchers.delete(w);
    }
  }
}

function sortedMembers(app: EtcdMemberApp): MemberInfo[] {
  return [...app.members.values()].sort((a, b) => (BigInt(`0x${a.id}`) < BigInt(`0x${b.id}`) ? -1 : 1)).map((m) => ({ ...m }));
}

export function toEtcdError(error: unknown): EtcdError {
  if (error instanceof EtcdError) return error;
  if (error instanceof MvccError) return new EtcdError(`etcdserver: ${error.message}`, "OutOfRange");
  throw error;
}

function splitHostPort(addr: string): [string, string] {
  const stripped = addr.replace(/^[a-z]+:\/\//, "").replace(/\/.*$/, "");
  const i = stripped.lastIndexOf(":");
  return i < 0 ? [stripped, ""] : [stripped.slice(0, i), stripped.slice(i + 1)];
}

export { decode };
