// The simulated world: a Raft cluster whose members run on simulated disks and talk over
// a simulated network, all driven by one event queue in virtual time. A run is described
// entirely by JSON (seed, topology, timed events), so replaying it gives the same states
// at the same virtual times.

import {
  ErrProposalDropped,
  ErrStepPeerNotFound,
  MemoryStorage,
  entrySize,
  RawNode,
  type SavedRawNode,
  type ConfChange,
  type ConfState,
  type Entry,
  type Message,
  type NodeId,
  type Ready,
  type StateType,
} from "../raft";
import { DiskModel, newDiskState, type DiskProfileName, type DiskState } from "./disk";
import { emptyNetworkState, NetworkModel, type LinkSpec } from "./network";
import { Rng, type Seed } from "./rng";
import { Scheduler } from "./scheduler";

// ------------------------------------------------------------------ the run, as data

export interface Topology {
  /** Number of members, 1 to 5; they are named "1".."n" unless `ids` says otherwise. */
  members: number;
  ids?: NodeId[];
  preVote?: boolean;
  checkQuorum?: boolean;
  /** etcd's defaults: 100 ms ticks, election after 10 ticks, heartbeat every tick. */
  tickMs?: number;
  electionTicks?: number;
  heartbeatTicks?: number;
  disk?: DiskProfileName;
  link?: Partial<LinkSpec>;
  /**
   * How the initial configuration is made durable. "confState" (default): as a bare
   * configuration. "entries": as etcd's raft.Bootstrap does it, one committed addNode
   * entry per member at term 1, so the first election is for term 2 and the log indexes
   * match a real etcd's.
   */
  bootstrap?: "confState" | "entries";
  /** The ConfChange context of each initial member's bootstrap entry (etcd: the member's JSON). */
  bootstrapContext?: Record<NodeId, string>;
}

export type RunEvent = { atMs: number } & (
  | { kind: "crash"; member: NodeId }
  /** A graceful stop: the write being fsynced completes first (systemctl stop etcd); crash loses it (kill -9). */
  | { kind: "stop"; member: NodeId }
  | { kind: "restart"; member: NodeId }
  | { kind: "wipe"; member: NodeId }
  /**
   * The member's data directory is replaced by one restored from a backup (etcdctl snapshot
   * restore): a Raft snapshot of the application state at index `index`, term 1, with the
   * given voters. The member must be down; it boots from it on its next restart.
   */
  | { kind: "restoreData"; member: NodeId; data: string; index: number; voters: NodeId[] }
  | { kind: "partition"; groups: NodeId[][] }
  | { kind: "isolate"; member: NodeId }
  | { kind: "cutOneWay"; from: NodeId; to: NodeId }
  | { kind: "heal" }
  | { kind: "link"; from?: NodeId; to?: NodeId; spec: Partial<LinkSpec> }
  | { kind: "disk"; member: NodeId; profile: DiskProfileName }
  | { kind: "stallDisk"; member: NodeId; forMs: number }
  | { kind: "put"; member: NodeId; key: string; value: string; client?: string }
  | { kind: "get"; member: NodeId; key: string; client?: string }
  | { kind: "transferLeader"; member: NodeId; to: NodeId }
  /** Snapshot the applied state and drop the log before it, keeping `keep` entries for slow followers (etcd: 5000). */
  | { kind: "compact"; member: NodeId; keep?: number }
  /** Membership changes go through the current leader, one at a time (etcdctl member add/remove/promote). */
  | { kind: "addMember"; member: NodeId; learner?: boolean }
  | { kind: "removeMember"; member: NodeId }
  | { kind: "promoteMember"; member: NodeId }
);

export interface Run {
  seed: Seed;
  topology: Topology;
  events: RunEvent[];
}

// ------------------------------------------------------------------ the application

/** The replicated state machine a member applies committed entries to. */
export interface Application {
  /**
   * Applies a normal entry (data may be "" for the leader's no-op). Returns the id of the
   * client request the entry carries, if any, so the world can answer that client without
   * decoding the entry a second time.
   *
   * `mayRepeat`: the entry's request may be in the log more than once (the network delivered its
   * proposal twice, and the leader appended both). An application that applies a request once must
   * remember this one; a request that cannot repeat need not be remembered.
   */
  apply(entry: Entry, nowMs: number, mayRepeat: boolean): string | undefined;
  /** A membership change was applied (etcd records the member's attributes from its context). */
  applyConfChange?(cc: ConfChange, nowMs: number, entry: Entry): void;
  /** Reads a key from the applied state (served after ReadIndex). */
  read(key: string): string | undefined;
  snapshot(): string;
  restore(data: string): void;
  /** An independent copy, for saving the world cheaply (no serialization). */
  clone(): Application;
}

/**
 * A key-value map applying `{"op":"put","id","key","value"}` entries: the test
 * application. A command id it has already applied is skipped, so a proposal that a
 * duplicating network forwarded twice takes effect once.
 */
export class KvApplication implements Application {
  private data = new Map<string, string>();
  private applied = new Set<string>();
  /** Copy-on-write: after clone(), both copies share the maps until one of them writes. */
  private shared = false;

  apply(entry: Entry): string | undefined {
    if (!entry.data) return undefined;
    const cmd = JSON.parse(entry.data) as { op: string; id: string; key: string; value: string };
    if (this.applied.has(cmd.id)) return cmd.id;
    if (this.shared) {
      this.data = new Map(this.data);
      this.applied = new Set(this.applied);
      this.shared = false;
    }
    this.applied.add(cmd.id);
    if (cmd.op === "put") this.data.set(cmd.key, cmd.value);
    return cmd.id;
  }

  snapshot(): string {
    return JSON.stringify({ data: [...this.data], applied: [...this.applied] });
  }

  restore(snapshot: string): void {
    const parsed = snapshot ? (JSON.parse(snapshot) as { data: [string, string][]; applied: string[] }) : { data: [], applied: [] };
    this.data = new Map(parsed.data);
    this.applied = new Set(parsed.applied);
    this.shared = false;
  }

  read(key: string): string | undefined {
    return this.data.get(key);
  }

  clone(): KvApplication {
    const copy = new KvApplication();
    copy.data = this.data;
    copy.applied = this.applied;
    copy.shared = this.shared = true;
    return copy;
  }
}

// ------------------------------------------------------------------ client history

/**
 * One client operation as the client saw it, for the linearizability checker.
 * pending: no answer yet; ok: answered; failed: refused, certainly without effect;
 * timeout: the client gave up, so a put may or may not have taken effect.
 */
export interface Operation {
  id: string;
  client: string;
  kind: "put" | "get";
  key: string;
  /** put: the value written; get: the value read (undefined: key absent). */
  value: string | undefined;
  invokeMs: number;
  returnMs: number | undefined;
  status: "pending" | "ok" | "failed" | "timeout";
}

/** A client gives up on an operation after this long (etcdctl's default command timeout is 5 s). */
export const OPERATION_TIMEOUT_MS = 5_000;

// ------------------------------------------------------------------ observers

/** What checkers outside the system watch; every hook is optional. */
export interface WorldObserver {
  onStateChange?(member: NodeId, state: StateType, term: number, nowMs: number): void;
  onApply?(member: NodeId, entry: Entry, nowMs: number): void;
  onPersist?(member: NodeId, entries: readonly Entry[], nowMs: number): void;
  onSend?(m: Message, nowMs: number): void;
  /** After the member's application applied a normal entry; `requestId` is what apply returned. */
  onApplied?(member: NodeId, entry: Entry, requestId: string | undefined, nowMs: number): void;
  /** A read started with readIndex() can be served: the member has applied up to its read index. */
  onReadReady?(member: NodeId, ctx: string, nowMs: number): void;
  /** A timer set with setTimer() fired. */
  onTimer?(key: string, nowMs: number): void;
}

// ------------------------------------------------------------------ members

export interface MemberMetrics {
  leaderChangesSeen: number;
  proposalsCommitted: number;
  proposalsApplied: number;
  proposalsFailed: number;
  /** fsync durations in ms, bucketed as etcd's histogram (upper bounds 1, 2, 4 ... 8192 ms). */
  fsyncBuckets: number[];
  fsyncCount: number;
  fsyncSumMs: number;
  /** Traffic with each peer the member has sent to or heard from. */
  peers: Map<NodeId, PeerTraffic>;
}

/**
 * What a member counts of one peer (etcd_network_peer_*). One record per peer, found once per
 * message: kept as separate dictionaries, the counters cost the world 6% of a replay's time.
 */
export interface PeerTraffic {
  bytesSent: number;
  bytesReceived: number;
  /** Heartbeat round trips, bucketed like etcd_network_peer_round_trip_time_seconds (0.1 ms × 2^n); none measured yet: count 0. */
  rtt: { buckets: number[]; count: number; sumMs: number; lastMs: number };
  /**
   * When the heartbeat not yet answered left (-1: none): where the next round trip starts. Process
   * state rather than a figure: a restarted member forgets it, and keeps the counters.
   */
  heartbeatSentMs: number;
}

function newPeerTraffic(): PeerTraffic {
  return {
    bytesSent: 0,
    bytesReceived: 0,
    rtt: { buckets: PEER_RTT_BUCKETS_MS.map(() => 0), count: 0, sumMs: 0, lastMs: 0 },
    heartbeatSentMs: -1,
  };
}

/** etcd_network_peer_round_trip_time_seconds buckets: 0.0001 × 2^n s for n = 0..15. */
export const PEER_RTT_BUCKETS_MS = Array.from({ length: 16 }, (_, n) => 0.1 * 2 ** n);

/** etcd_disk_wal_fsync_duration_seconds buckets: 0.001 × 2^n s for n = 0..13. */
export const FSYNC_BUCKETS_MS = Array.from({ length: 14 }, (_, n) => 2 ** n);

function newMetrics(): MemberMetrics {
  return {
    leaderChangesSeen: 0,
    proposalsCommitted: 0,
    proposalsApplied: 0,
    proposalsFailed: 0,
    fsyncBuckets: FSYNC_BUCKETS_MS.map(() => 0),
    fsyncCount: 0,
    fsyncSumMs: 0,
    peers: new Map(),
  };
}

function cloneMetrics(m: MemberMetrics): MemberMetrics {
  const peers = new Map([...m.peers].map(([id, p]) => [id, { ...p, rtt: { ...p.rtt, buckets: p.rtt.buckets.slice() } }]));
  return { ...m, fsyncBuckets: m.fsyncBuckets.slice(), peers };
}

/** The member's record of a peer, made on the first message between them. */
function peerOf(m: Member, id: NodeId): PeerTraffic {
  let p = m.metrics.peers.get(id);
  if (!p) {
    p = newPeerTraffic();
    m.metrics.peers.set(id, p);
  }
  return p;
}

interface Member {
  id: NodeId;
  up: boolean;
  /** The random stream of this incarnation's Raft node (election timeouts). */
  raftRng: Rng;
  diskRng: Rng;
  /** Bumped on every crash/restart: events of an earlier incarnation are ignored. */
  epoch: number;
  /** What survives a crash: entries, hard state and snapshot that were fsynced. */
  storage: MemoryStorage;
  node: RawNode | undefined;
  app: Application;
  disk: DiskModel;
  /** A Ready taken from the node whose fsync has not completed yet. */
  syncing: { ready: Ready; startedMs: number } | undefined;
  lastLead: NodeId;
  lastState: StateType;
  metrics: MemberMetrics;
  /** Reads waiting for their ReadIndex, then for the member to apply that far. */
  reads: Map<string, { readIndex?: number }>;
  /** Stopping gracefully: goes down once the fsync in progress completes. */
  stopping: boolean;
  /** Its Ready is being handled right now (transient: never saved). */
  handlingReady: boolean;
}

type WorldEvent =
  | { kind: "tick"; member: NodeId; epoch: number }
  | { kind: "deliver"; message: Message; bytes: number }
  | { kind: "fsyncDone"; member: NodeId; epoch: number }
  | { kind: "run"; event: RunEvent }
  | { kind: "timeout"; opId: string }
  | { kind: "timer"; key: string };

/**
 * Run events (faults, client requests) at time t happen after everything the system itself
 * scheduled for t: the same order as a driver calling world.put() after runUntil(t), so a
 * recorded run replays exactly.
 */
const RUN_EVENT_PRIORITY = 1;

/** A message as the lab's cluster view draws it: display only, never read by the simulation. */
export interface SentMessage {
  /** The message's number among all the world has sent, from 0: lets a viewer tell new ones from seen ones. */
  seq: number;
  from: NodeId;
  to: NodeId;
  type: string;
  sentMs: number;
  /** When it arrives; undefined if the network dropped it (a cut link, loss). */
  arriveMs?: number;
}

/** Sent messages kept for the view: a few seconds of a busy cluster's traffic. */
export const RECENT_MESSAGES_KEPT = 512;

function messageBytes(m: Message): number {
  let n = 64 + (m.snapshot?.data.length ?? 0);
  for (const e of m.entries) n += entrySize(e);
  return n;
}

// ------------------------------------------------------------------ the world

export interface WorldSnapshot {
  ids: NodeId[];
  scheduler: ReturnType<Scheduler<WorldEvent>["save"]>;
  network: ReturnType<NetworkModel["save"]>;
  networkRng: ReturnType<Rng["save"]>;
  opSeq: number;
  repeatable: unknown[];
  history: Operation[];
  pendingPutMember: Array<[string, NodeId]>;
  members: Array<{
    id: NodeId;
    up: boolean;
    epoch: number;
    raftRng: ReturnType<Rng["save"]>;
    diskRng: ReturnType<Rng["save"]>;
    storage: ReturnType<MemoryStorage["save"]>;
    node: SavedRawNode | undefined;
    app: Application | undefined;
    disk: DiskState;
    syncing: { ready: Ready; startedMs: number } | undefined;
    lastLead: NodeId;
    lastState: StateType;
    metrics: MemberMetrics;
    reads: Array<[string, { readIndex?: number }]>;
    stopping: boolean;
  }>;
}

export class World {
  readonly run: Run;
  /** Every member that has ever been part of the world, in order of creation. */
  readonly ids: NodeId[];
  private initialIds: NodeId[] = [];
  readonly scheduler = new Scheduler<WorldEvent>();
  /**
   * Bumped whenever who can reach whom may have changed: a member's process started or stopped,
   * the network was cut or healed. An observer that follows connections looks again only then.
   */
  connectivity = 0;
  /**
   * The requests (entry payloads, or data when there is none) of every proposal the network
   * duplicated: the only ones a log can hold twice. Marked when the copies are sent, before either
   * is appended.
   */
  private readonly repeatable = new Set<unknown>();
  readonly network: NetworkModel;
  readonly members = new Map<NodeId, Member>();
  readonly history: Operation[] = [];
  /** The latest messages sent, oldest first (at most twice RECENT_MESSAGES_KEPT between trims). */
  readonly recentMessages: SentMessage[] = [];
  /** Whether recentMessages keeps the traffic, for the cluster view; a replay that nobody watches turns it off. */
  traceMessages = true;
  private messagesSent = 0;
  private readonly rng: Rng;
  private readonly networkRng: Rng;
  /** Walked with indexed loops: for-of allocated an iterator for every message sent and every entry applied. */
  private readonly observers: WorldObserver[] = [];
  private readonly makeApp: (id: NodeId) => Application;
  private readonly tickMs: number;
  private opSeq = 0;

  constructor(run: Run, options: { observers?: WorldObserver[]; application?: (id: NodeId) => Application } = {}) {
    const t = run.topology;
    if (!Number.isInteger(t.members) || t.members < 1 || t.members > 7) throw new RangeError("a cluster has 1 to 7 members");
    this.run = run;
    this.rng = new Rng(run.seed);
    this.ids = t.ids ?? Array.from({ length: t.members }, (_, i) => String(i + 1));
    this.observers = options.observers ?? [];
    this.makeApp = options.application ?? (() => new KvApplication());
    this.tickMs = t.tickMs ?? 100;
    this.networkRng = this.rng.fork("network");
    this.network = new NetworkModel(this.networkRng, emptyNetworkState());
    if (t.link) this.network.state.defaultLink = { ...this.network.state.defaultLink, ...t.link };

    const phase = this.rng.fork("tick-phase");
    this.initialIds = [...this.ids];
    for (const id of this.initialIds) {
      // Bootstrap: the initial configuration is part of the member's durable state, as
      // etcd's initial ConfChange entries are, so a restarted member knows its peers.
      this.addProcess(id, { voters: this.initialIds, learners: [] }, phase.next() * this.tickMs);
    }
    for (const event of run.events) this.scheduler.at(event.atMs, { kind: "run", event }, RUN_EVENT_PRIORITY);
  }

  /**
   * Creates and starts a member process. A member joining a running cluster starts with
   * no configuration, as etcd's does with --initial-cluster-state=existing: it learns
   * the cluster from the leader's log or snapshot.
   */
  private addProcess(id: NodeId, confState: ConfState | undefined, firstTickInMs: number): Member {
    const storage = new MemoryStorage();
    if (confState) this.bootstrap(storage, confState);
    const diskRng = this.rng.fork(`disk/${id}`);
    const member: Member = {
      id,
      up: false,
      raftRng: this.rng.fork(`raft/${id}/0`),
      diskRng,
      epoch: 0,
      storage,
      node: undefined,
      app: this.makeApp(id),
      disk: new DiskModel(diskRng, newDiskState(this.run.topology.disk ?? "ssd")),
      syncing: undefined,
      lastLead: "",
      lastState: "follower",
      metrics: newMetrics(),
      reads: new Map(),
      stopping: false,
      handlingReady: false,
    };
    this.members.set(id, member);
    if (!this.ids.includes(id)) this.ids.push(id);
    this.start(member, firstTickInMs);
    return member;
  }

  private bootstrap(storage: MemoryStorage, confState: ConfState): void {
    storage.setConfState(confState);
    if (this.run.topology.bootstrap !== "entries") return;
    const context = this.run.topology.bootstrapContext ?? {};
    storage.append(
      confState.voters.map((nodeId, i) => ({
        term: 1,
        index: i + 1,
        type: "confChange" as const,
        data: JSON.stringify({ type: "addNode", nodeId, ...(context[nodeId] === undefined ? {} : { context: context[nodeId] }) }),
      })),
    );
    storage.setHardState({ term: 1, vote: "", commit: confState.voters.length });
  }

  get nowMs(): number {
    return this.scheduler.nowMs;
  }

  member(id: NodeId): Member {
    const m = this.members.get(id);
    if (!m) throw new RangeError(`no member ${id}`);
    return m;
  }

  /** Runs every event up to and including virtual time `untilMs`. */
  runUntil(untilMs: number): void {
    for (;;) {
      const next = this.scheduler.peekTime();
      if (next === undefined || next > untilMs) break;
      this.handle(this.scheduler.pop()!.event);
    }
    this.scheduler.nowMs = Math.max(this.scheduler.nowMs, untilMs);
  }

  runFor(ms: number): void {
    this.runUntil(this.nowMs + ms);
  }

  /** The virtual time of the next event, if any is scheduled. */
  nextEventMs(): number | undefined {
    return this.scheduler.peekTime();
  }

  /** Schedules an event now or later (the same events a Run lists). */
  schedule(event: RunEvent): void {
    this.scheduler.at(Math.max(event.atMs, this.nowMs), { kind: "run", event }, RUN_EVENT_PRIORITY);
  }

  leader(): NodeId | undefined {
    for (const m of this.members.values()) if (m.up && m.node?.raft.state === "leader") return m.id;
    return undefined;
  }

  // ---------------------------------------------------------------- processes

  private start(member: Member, firstTickInMs: number): void {
    member.epoch++;
    member.up = true;
    this.connectivity++;
    member.syncing = undefined;
    member.stopping = false;
    member.reads = new Map();
    for (const p of member.metrics.peers.values()) p.heartbeatSentMs = -1;
    member.app = this.makeApp(member.id);
    member.app.restore(member.storage.snapshot().data);
    member.raftRng = this.rng.fork(`raft/${member.id}/${member.epoch}`);
    member.node = this.newNode(member);
    member.lastLead = "";
    member.lastState = "follower";
    this.scheduler.after(firstTickInMs, { kind: "tick", member: member.id, epoch: member.epoch });
  }

  private newNode(member: Member): RawNode {
    const t = this.run.topology;
    return new RawNode({
      id: member.id,
      storage: member.storage,
      electionTick: t.electionTicks ?? 10,
      heartbeatTick: t.heartbeatTicks ?? 1,
      checkQuorum: t.checkQuorum ?? true,
      preVote: t.preVote ?? false,
      random: member.raftRng,
    });
  }

  private crash(member: Member): void {
    if (!member.up) return;
    member.up = false;
    this.connectivity++;
    member.epoch++;
    member.node = undefined;
    // Whatever was being fsynced is lost, and so are pending reads.
    member.syncing = undefined;
    member.stopping = false;
    member.reads = new Map();
  }

  // ---------------------------------------------------------------- events

  private handle(event: WorldEvent): void {
    switch (event.kind) {
      case "tick": {
        const m = this.members.get(event.member)!;
        if (!m.up || m.epoch !== event.epoch) return;
        m.node!.tick();
        this.scheduler.after(this.tickMs, event);
        this.drive(m);
        return;
      }
      case "deliver": {
        const msg = event.message;
        this.network.arrived(msg.from, msg.to);
        const m = this.members.get(msg.to);
        if (!m?.up || !m.node) return;
        const peer = peerOf(m, msg.from);
        peer.bytesReceived += event.bytes;
        if (msg.type === "MsgHeartbeatResp") this.recordRtt(peer);
        try {
          m.node.step(msg);
        } catch (error) {
          if (!(error instanceof ErrStepPeerNotFound) && !(error instanceof ErrProposalDropped)) throw error;
        }
        if (msg.type === "MsgSnap") {
          // The snapshot arrived in full: tell the sender, as etcd's transport does.
          const sender = this.members.get(msg.from);
          if (sender?.up && sender.node) {
            sender.node.reportSnapshot(msg.to, false);
            this.drive(sender);
          }
        }
        this.drive(m);
        return;
      }
      case "fsyncDone": {
        const m = this.members.get(event.member)!;
        if (!m.up || m.epoch !== event.epoch || !m.syncing) return;
        const { ready, startedMs } = m.syncing;
        m.syncing = undefined;
        this.recordFsync(m, this.nowMs - startedMs);
        this.handleReady(m, ready);
        if (m.stopping) this.crash(m);
        else this.drive(m);
        return;
      }
      case "timeout": {
        const op = this.operations.get(event.opId);
        if (!op) return;
        op.status = "timeout";
        this.operations.delete(op.id);
        const via = this.pendingPutMember.get(op.id);
        if (via) {
          this.pendingPutMember.delete(op.id);
          this.member(via).metrics.proposalsFailed++;
        }
        return;
      }
      case "timer":
        for (let i = 0; i < this.observers.length; i++) this.observers[i]!.onTimer?.(event.key, this.nowMs);
        return;
      case "run":
        this.apply(event.event);
    }
  }

  private apply(e: RunEvent): void {
    switch (e.kind) {
      case "crash":
        this.crash(this.member(e.member));
        return;
      case "stop": {
        const m = this.member(e.member);
        if (m.syncing) m.stopping = true;
        else this.crash(m);
        return;
      }
      case "restart": {
        const m = this.member(e.member);
        if (!m.up) this.start(m, this.tickMs);
        return;
      }
      case "wipe": {
        const m = this.member(e.member);
        this.crash(m);
        m.storage = new MemoryStorage();
        this.bootstrap(m.storage, { voters: this.initialIds, learners: [] });
        return;
      }
      case "restoreData": {
        const m = this.member(e.member);
        this.crash(m);
        m.storage = new MemoryStorage();
        const confState = { voters: e.voters, learners: [] };
        m.storage.applySnapshot({ data: e.data, metadata: { index: e.index, term: 1, confState } });
        m.storage.setConfState(confState);
        m.storage.setHardState({ term: 1, vote: "", commit: e.index });
        return;
      }
      case "partition":
        this.network.partition(e.groups);
        this.connectivity++;
        return;
      case "isolate":
        this.network.isolate(e.member, this.ids);
        this.connectivity++;
        return;
      case "cutOneWay":
        this.network.cutOneWay(e.from, e.to);
        this.connectivity++;
        return;
      case "heal":
        this.network.heal();
        this.connectivity++;
        return;
      case "link":
        if (e.from && e.to) this.network.setLink(e.from, e.to, e.spec);
        else this.network.state.defaultLink = { ...this.network.state.defaultLink, ...e.spec };
        return;
      case "disk":
        this.member(e.member).disk.setProfile(e.profile);
        return;
      case "stallDisk":
        this.member(e.member).disk.stall(this.nowMs + e.forMs);
        return;
      case "put":
        this.put(e.member, e.key, e.value, e.client ?? "client");
        return;
      case "get":
        this.get(e.member, e.key, e.client ?? "client");
        return;
      case "transferLeader": {
        const m = this.member(e.member);
        if (m.up && m.node) {
          m.node.transferLeader(e.to);
          this.drive(m);
        }
        return;
      }
      case "compact":
        this.compact(this.member(e.member), e.keep ?? 0);
        return;
      case "addMember": {
        if (this.members.has(e.member) || !this.proposeConfChange({ type: e.learner ? "addLearnerNode" : "addNode", nodeId: e.member }))
          return;
        this.addProcess(e.member, undefined, this.tickMs);
        return;
      }
      case "removeMember":
        this.proposeConfChange({ type: "removeNode", nodeId: e.member });
        return;
      case "promoteMember":
        this.proposeConfChange({ type: "addNode", nodeId: e.member });
        return;
    }
  }

  /** Proposes a conf change through the leader; false when there is none to take it. */
  private proposeConfChange(cc: ConfChange): boolean {
    const leader = this.leader();
    if (!leader) return false;
    const m = this.member(leader);
    try {
      m.node!.proposeConfChange(cc);
    } catch (error) {
      if (!(error instanceof ErrProposalDropped)) throw error;
      return false;
    }
    this.drive(m);
    return true;
  }

  // ---------------------------------------------------------------- clients

  /** Puts waiting to be applied on the member they were proposed to. */
  private readonly pendingPutMember = new Map<string, NodeId>();
  /** Operations still pending, by id. */
  private readonly operations = new Map<string, Operation>();

  private invoke(
    kind: Operation["kind"],
    memberId: NodeId,
    key: string,
    value: string | undefined,
    client: string,
  ): [Operation, Member | undefined] {
    const op: Operation = {
      id: `op${++this.opSeq}`,
      client,
      kind,
      key,
      value,
      invokeMs: this.nowMs,
      returnMs: undefined,
      status: "pending",
    };
    this.history.push(op);
    this.operations.set(op.id, op);
    this.scheduler.after(OPERATION_TIMEOUT_MS, { kind: "timeout", opId: op.id });
    const m = this.members.get(memberId);
    if (m?.up && m.node) return [op, m];
    // Connection refused: the operation certainly did not happen.
    this.finish(op, "failed");
    return [op, undefined];
  }

  private finish(op: Operation, status: "ok" | "failed"): void {
    if (op.status !== "pending") return;
    op.status = status;
    op.returnMs = this.nowMs;
    this.operations.delete(op.id);
  }

  /** A client writes key=value through `member`; the outcome lands in `history`. */
  put(memberId: NodeId, key: string, value: string, client = "client"): Operation {
    const [op, m] = this.invoke("put", memberId, key, value, client);
    if (!m) return op;
    try {
      m.node!.propose(JSON.stringify({ op: "put", id: op.id, key, value }));
    } catch (error) {
      if (!(error instanceof ErrProposalDropped)) throw error;
      m.metrics.proposalsFailed++;
      this.finish(op, "failed");
      return op;
    }
    this.pendingPutMember.set(op.id, m.id);
    this.drive(m);
    return op;
  }

  /** A client reads key linearizably through `member` (ReadIndex). */
  get(memberId: NodeId, key: string, client = "client"): Operation {
    const [op, m] = this.invoke("get", memberId, key, undefined, client);
    if (!m) return op;
    m.reads.set(op.id, {});
    m.node!.readIndex(op.id);
    this.drive(m);
    return op;
  }

  private completeReads(m: Member): void {
    if (!m.node) return;
    const applied = m.node.raft.raftLog.applied;
    for (const [id, read] of m.reads) {
      if (read.readIndex === undefined || read.readIndex > applied) continue;
      m.reads.delete(id);
      for (let i = 0; i < this.observers.length; i++) this.observers[i]!.onReadReady?.(m.id, id, this.nowMs);
      const op = this.operations.get(id);
      if (!op) continue;
      op.value = m.app.read(op.key);
      this.finish(op, "ok");
    }
  }

  // ---------------------------------------------------------------- an application's own requests

  /**
   * Proposes application data through a member, as a server does for its client's write.
   * The outcome arrives through onApplied on that member, or never (the server times out).
   */
  propose(memberId: NodeId, data: string, attached?: { payload: unknown; size: number }): "ok" | "down" | "dropped" {
    const m = this.members.get(memberId);
    if (!m?.up || !m.node) return "down";
    try {
      m.node.propose(data, attached);
    } catch (error) {
      if (!(error instanceof ErrProposalDropped)) throw error;
      m.metrics.proposalsFailed++;
      return "dropped";
    }
    this.drive(m);
    return "ok";
  }

  /** Starts a linearizable read on a member; onReadReady(member, ctx) tells when it may be served. */
  readIndex(memberId: NodeId, ctx: string): boolean {
    const m = this.members.get(memberId);
    if (!m?.up || !m.node) return false;
    m.reads.set(ctx, {});
    m.node.readIndex(ctx);
    this.drive(m);
    return true;
  }

  /** Forgets a read that its client gave up on. */
  cancelRead(memberId: NodeId, ctx: string): void {
    this.members.get(memberId)?.reads.delete(ctx);
  }

  /** Proposes a membership change through a member (a follower forwards it to the leader). */
  proposeConfChangeAt(memberId: NodeId, cc: ConfChange): "ok" | "down" | "dropped" {
    const m = this.members.get(memberId);
    if (!m?.up || !m.node) return "down";
    try {
      m.node.proposeConfChange(cc);
    } catch (error) {
      if (!(error instanceof ErrProposalDropped)) throw error;
      return "dropped";
    }
    this.drive(m);
    return "ok";
  }

  /**
   * Starts the process of a member that joins a running cluster (etcd started with
   * --initial-cluster-state=existing after `member add`): it learns the cluster from the leader.
   */
  startJoiningMember(id: NodeId): void {
    if (this.members.has(id)) return;
    this.addProcess(id, undefined, this.tickMs);
  }

  /** Calls every observer's onTimer(key) at virtual time atMs, in order with the world's own events. */
  setTimer(atMs: number, key: string): void {
    this.scheduler.at(Math.max(atMs, this.nowMs), { kind: "timer", key }, RUN_EVENT_PRIORITY);
  }

  /** Forgets timers set with setTimer() that were cancelled: their events would only find nothing to do. */
  dropTimers(keys: ReadonlySet<string>): void {
    this.scheduler.removeWhere((e) => e.kind === "timer" && keys.has(e.key));
  }

  /** The application state of a running member (undefined while it is down). */
  appOf(id: NodeId): Application | undefined {
    const m = this.members.get(id);
    return m?.up ? m.app : undefined;
  }

  /** Runs one event; false when nothing is scheduled. */
  step(): boolean {
    const next = this.scheduler.pop();
    if (!next) return false;
    this.handle(next.event);
    return true;
  }

  // ---------------------------------------------------------------- the Ready loop

  /** Takes the member's Ready, if any, and persists it (asynchronously when it must fsync). */
  private drive(m: Member): void {
    // An observer handling this member's Ready (an application answering its client, who
    // proposes again) must not take the next Ready before this one is advanced: the loop
    // below picks its work up once the current Ready is done.
    if (m.handlingReady) return;
    while (m.up && m.node && !m.syncing) {
      const pending = m.node.pendingReady();
      if (pending === "none") return;
      if (pending === "messages") {
        // Nothing to persist, apply or read: the messages go out at once, without building a Ready
        // (and no read can have become ready since the last one).
        this.noteSoftState(m);
        const msgs = m.node.takeMessages();
        m.handlingReady = true;
        try {
          for (let i = 0; i < msgs.length; i++) this.send(m, msgs[i]!);
        } finally {
          m.handlingReady = false;
        }
        continue;
      }
      const rd = m.node.ready();
      this.noteSoftState(m);
      if (rd.mustSync) {
        m.syncing = { ready: rd, startedMs: this.nowMs };
        this.scheduler.at(m.disk.fsync(this.nowMs), { kind: "fsyncDone", member: m.id, epoch: m.epoch });
        return;
      }
      this.handleReady(m, rd);
    }
  }

  private handleReady(m: Member, rd: Ready): void {
    // A flag on the member, not a set of ids: adding to and removing from a set on every Ready
    // made V8 grow and shrink its table each time (found with an allocation profile).
    m.handlingReady = true;
    try {
      this.finishReady(m, rd);
    } finally {
      m.handlingReady = false;
    }
  }

  private noteSoftState(m: Member): void {
    const r = m.node!.raft;
    if (r.lead !== m.lastLead) {
      if (r.lead !== "") m.metrics.leaderChangesSeen++;
      m.lastLead = r.lead;
    }
    if (r.state !== m.lastState) {
      m.lastState = r.state;
      for (let i = 0; i < this.observers.length; i++) this.observers[i]!.onStateChange?.(m.id, r.state, r.term, this.nowMs);
    }
  }

  /** The Ready is durable: persist it to storage, send, apply, advance (RawNode's ordering rules). */
  private finishReady(m: Member, rd: Ready): void {
    const node = m.node!;
    if (rd.snapshot) {
      m.storage.applySnapshot(rd.snapshot);
      m.app.restore(rd.snapshot.data);
    }
    if (rd.entries.length > 0) {
      m.storage.append(rd.entries);
      for (let i = 0; i < this.observers.length; i++) this.observers[i]!.onPersist?.(m.id, rd.entries, this.nowMs);
    }
    if (rd.hardState) m.storage.setHardState(rd.hardState);
    // Indexed loops on the event path: for-of here allocated an iterator for every Ready.
    for (let i = 0; i < rd.messages.length; i++) this.send(m, rd.messages[i]!);
    for (let i = 0; i < rd.committedEntries.length; i++) this.applyEntry(m, rd.committedEntries[i]!);
    for (const rs of rd.readStates) {
      const read = m.reads.get(rs.requestCtx);
      if (read) read.readIndex = rs.index;
    }
    node.advance(rd);
    this.completeReads(m);
  }

  private applyEntry(m: Member, entry: Entry): void {
    for (let i = 0; i < this.observers.length; i++) this.observers[i]!.onApply?.(m.id, entry, this.nowMs);
    if (entry.type === "confChange") {
      const cc = JSON.parse(entry.data) as ConfChange;
      const cs = m.node!.applyConfChange(cc);
      m.storage.setConfState(cs);
      m.app.applyConfChange?.(cc, this.nowMs, entry);
      // A member that applies its own removal shuts down, as etcd does ("the member has
      // been permanently removed from the cluster"); after this Ready, not in the middle of it.
      if (cc.type === "removeNode" && cc.nodeId === m.id) {
        this.scheduler.at(this.nowMs, { kind: "run", event: { atMs: this.nowMs, kind: "crash", member: m.id } }, RUN_EVENT_PRIORITY);
      }
      return;
    }
    const id = m.app.apply(entry, this.nowMs, this.repeatable.size > 0 && this.repeatable.has(entry.payload ?? entry.data));
    for (let i = 0; i < this.observers.length; i++) this.observers[i]!.onApplied?.(m.id, entry, id, this.nowMs);
    if (!entry.data) return;
    m.metrics.proposalsApplied++;
    if (id && this.pendingPutMember.get(id) === m.id) {
      this.pendingPutMember.delete(id);
      m.metrics.proposalsCommitted++;
      const op = this.operations.get(id);
      if (op) this.finish(op, "ok");
    }
  }

  private send(from: Member, msg: Message): void {
    for (let i = 0; i < this.observers.length; i++) this.observers[i]!.onSend?.(msg, this.nowMs);
    const peer = peerOf(from, msg.to);
    if (msg.type === "MsgHeartbeat") peer.heartbeatSentMs = this.nowMs;
    const bytes = messageBytes(msg);
    peer.bytesSent += bytes;
    const copies = this.network.route(msg.from, msg.to, this.nowMs);
    const arrivals = this.network.arrivals;
    const seq = this.messagesSent++;
    if (this.traceMessages) {
      const arriveMs = copies > 0 ? arrivals[0] : undefined;
      this.recentMessages.push({ seq, from: msg.from, to: msg.to, type: msg.type, sentMs: this.nowMs, arriveMs });
      if (this.recentMessages.length > 2 * RECENT_MESSAGES_KEPT) this.recentMessages.splice(0, RECENT_MESSAGES_KEPT);
    }
    if (copies === 0 && msg.type === "MsgSnap") from.node?.reportSnapshot(msg.to, true);
    if (copies > 1 && msg.type === "MsgProp") for (const e of msg.entries) this.repeatable.add(e.payload ?? e.data);
    for (let i = 0; i < copies; i++) this.scheduler.at(arrivals[i]!, { kind: "deliver", message: msg, bytes });
  }

  private recordRtt(peer: PeerTraffic): void {
    const sent = peer.heartbeatSentMs;
    if (sent < 0) return;
    peer.heartbeatSentMs = -1;
    const rtt = this.nowMs - sent;
    const r = peer.rtt;
    r.count++;
    r.sumMs += rtt;
    r.lastMs = rtt;
    let bucket = 0;
    while (bucket < PEER_RTT_BUCKETS_MS.length && rtt > PEER_RTT_BUCKETS_MS[bucket]!) bucket++;
    if (bucket < PEER_RTT_BUCKETS_MS.length) r.buckets[bucket]!++;
  }

  private recordFsync(m: Member, durationMs: number): void {
    m.metrics.fsyncCount++;
    m.metrics.fsyncSumMs += durationMs;
    const bucket = FSYNC_BUCKETS_MS.findIndex((b) => durationMs <= b);
    if (bucket >= 0) m.metrics.fsyncBuckets[bucket]!++;
  }

  /** Snapshots the member's applied state and discards the log before it, but `keep` entries (etcd's --snapshot-count). */
  private compact(m: Member, keep: number): void {
    if (!m.up || !m.node || m.syncing) return;
    const applied = m.node.raft.raftLog.applied;
    if (applied <= m.storage.snapshot().metadata.index || applied > m.storage.lastIndex()) return;
    m.storage.createSnapshot(applied, m.node.raft.confState(), m.app.snapshot());
    const compactTo = applied - keep;
    if (compactTo >= m.storage.firstIndex()) m.storage.compact(compactTo);
  }

  // ---------------------------------------------------------------- rewind

  /**
   * The whole world at this instant, for rewinding a lab. Entries, messages and snapshots
   * are immutable once created, so they are shared rather than copied; what changes is
   * copied. Restoring it and running on gives exactly what running on from here gives.
   */
  save(): WorldSnapshot {
    return {
      ids: [...this.ids],
      scheduler: this.scheduler.save(),
      network: this.network.save(),
      networkRng: this.networkRng.save(),
      opSeq: this.opSeq,
      repeatable: [...this.repeatable],
      // A finished operation never changes again: share it; copy the pending ones.
      history: this.history.map((op) => (op.status === "pending" ? { ...op } : op)),
      pendingPutMember: [...this.pendingPutMember],
      members: [...this.members.values()].map((m) => ({
        id: m.id,
        up: m.up,
        epoch: m.epoch,
        raftRng: m.raftRng.save(),
        diskRng: m.diskRng.save(),
        storage: m.storage.save(),
        node: m.node?.save(),
        app: m.up ? m.app.clone() : undefined,
        disk: { ...m.disk.state },
        syncing: m.syncing && { ...m.syncing },
        lastLead: m.lastLead,
        lastState: m.lastState,
        metrics: cloneMetrics(m.metrics),
        reads: [...m.reads].map(([id, r]) => [id, { ...r }] as [string, { readIndex?: number }]),
        stopping: m.stopping,
      })),
    };
  }

  restore(snapshot: WorldSnapshot): void {
    // Members added after the save did not exist then.
    for (const id of this.ids.slice()) if (!snapshot.ids.includes(id)) this.members.delete(id);
    this.ids.splice(0, this.ids.length, ...snapshot.ids);
    this.scheduler.restore(snapshot.scheduler);
    this.network.state = snapshot.network;
    this.connectivity++;
    this.network.restoreCounters(snapshot.network);
    this.networkRng.restore(snapshot.networkRng);
    this.opSeq = snapshot.opSeq;
    this.repeatable.clear();
    for (const r of snapshot.repeatable) this.repeatable.add(r);
    this.history.length = 0;
    this.operations.clear();
    for (const op of snapshot.history) {
      if (op.status !== "pending") {
        this.history.push(op);
        continue;
      }
      const copy = { ...op };
      this.history.push(copy);
      this.operations.set(copy.id, copy);
    }
    this.pendingPutMember.clear();
    for (const [op, member] of snapshot.pendingPutMember) this.pendingPutMember.set(op, member);
    for (const saved of snapshot.members) {
      const m = this.member(saved.id);
      m.up = saved.up;
      m.epoch = saved.epoch;
      m.storage = MemoryStorage.load(saved.storage);
      m.app = saved.app ? saved.app.clone() : this.makeApp(m.id);
      m.node = undefined;
      if (saved.node) {
        m.node = this.newNode(m);
        m.node.load(saved.node);
      }
      // After building the node: its constructor draws an election timeout.
      m.raftRng.restore(saved.raftRng);
      m.diskRng.restore(saved.diskRng);
      m.disk.state = { ...saved.disk };
      m.syncing = saved.syncing && { ...saved.syncing };
      m.lastLead = saved.lastLead;
      m.lastState = saved.lastState;
      m.metrics = cloneMetrics(saved.metrics);
      m.reads = new Map(saved.reads.map(([id, r]) => [id, { ...r }]));
      m.stopping = saved.stopping;
    }
  }

  // ---------------------------------------------------------------- figures

  /** Every member's durable and volatile Raft state, applied data and the client history, as one string. */
  fingerprint(): string {
    const members = [...this.members.values()].map((m) => {
      const r = m.node?.raft;
      return {
        id: m.id,
        up: m.up,
        durable: { hardState: m.storage.initialState().hardState, last: m.storage.lastIndex(), first: m.storage.firstIndex() },
        raft: r && {
          term: r.term,
          vote: r.vote,
          state: r.state,
          lead: r.lead,
          commit: r.raftLog.committed,
          applied: r.raftLog.applied,
          last: r.raftLog.lastIndex(),
        },
        app: m.up ? m.app.clone() : undefined,
      };
    });
    return JSON.stringify({ nowMs: this.nowMs, members, history: this.history });
  }

  status(id: NodeId) {
    const m = this.member(id);
    let proposalsPending = 0;
    for (const via of this.pendingPutMember.values()) if (via === id) proposalsPending++;
    return { id, up: m.up, raft: m.node?.status(), metrics: m.metrics, proposalsPending, durableLastIndex: m.storage.lastIndex() };
  }
}
