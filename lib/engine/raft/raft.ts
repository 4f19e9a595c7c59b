// The Raft state machine, modelled closely on etcd-io/raft as etcd 3.4 uses it: leader
// election with randomized timeouts, PreVote (off by default), CheckQuorum, log
// replication with flow control, commit by quorum, ReadIndex, leadership transfer,
// snapshots, and single-step membership changes.
//
// Roles are a swapped pair of functions (stepFn, tickFn), as in etcd-io/raft. The node
// never does I/O: it appends outgoing messages to `msgs`, and RawNode hands them out in
// a Ready together with what must be persisted first.

import { ErrCompacted, ErrProposalDropped, ErrSnapshotTemporarilyUnavailable } from "./errors";
import { RaftLog } from "./log";
import { Progress, loadProgress, saveProgress, type SavedProgress } from "./progress";
import { ReadOnly, type ReadState } from "./read-only";
import type { Storage } from "./storage";
import {
  LOCAL_MESSAGES,
  NONE,
  emptySnapshot,
  message,
  type ConfChange,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type MessageType,
  type NodeId,
  type Snapshot,
} from "./types";

export type StateType = "follower" | "candidate" | "leader" | "preCandidate";

export interface SavedRaft {
  term: number;
  vote: NodeId;
  state: StateType;
  lead: NodeId;
  isLearner: boolean;
  leadTransferee: NodeId;
  pendingConfIndex: number;
  electionElapsed: number;
  heartbeatElapsed: number;
  randomizedElectionTimeout: number;
  committed: number;
  applied: number;
  unstable: { snapshot: Snapshot | undefined; entries: Entry[]; offset: number };
  prs: Array<[NodeId, SavedProgress]>;
  votes: Array<[NodeId, boolean]>;
  msgs: Message[];
  readStates: ReadState[];
  readOnly: ReturnType<ReadOnly["save"]>;
}

/** Context of a vote request forced by a leadership transfer (it bypasses the leader lease). */
export const CAMPAIGN_TRANSFER = "CampaignTransfer";
const CAMPAIGN_PRE_ELECTION = "CampaignPreElection";
const CAMPAIGN_ELECTION = "CampaignElection";
type CampaignType = typeof CAMPAIGN_PRE_ELECTION | typeof CAMPAIGN_ELECTION | typeof CAMPAIGN_TRANSFER;

/** The randomness Raft needs; the simulator passes a forked Rng. */
export interface RaftRandom {
  intn(n: number): number;
}

export interface RaftConfig {
  id: NodeId;
  /** Voters to start with, for a brand-new cluster; empty when restarting from storage. */
  peers?: NodeId[];
  learners?: NodeId[];
  /** Ticks without hearing from a leader before a follower campaigns; etcd: 10 (1 s at 100 ms ticks). */
  electionTick: number;
  /** Ticks between leader heartbeats; etcd: 1. Must be less than electionTick. */
  heartbeatTick: number;
  storage: Storage;
  /** The last applied index, when restarting. */
  applied?: number;
  /** Maximum bytes of entries in one MsgApp; etcd: 1 MiB. */
  maxSizePerMsg?: number;
  /** Maximum unacknowledged MsgApp per follower in replicate state; etcd: 256 (maxInflightMsgs). */
  maxInflightMsgs?: number;
  /** A leader that has not heard from a quorum for an election timeout steps down. etcd 3.4: on. */
  checkQuorum?: boolean;
  /** Ask for pre-votes before disrupting the cluster with a higher term. etcd 3.4: off by default. */
  preVote?: boolean;
  disableProposalForwarding?: boolean;
  random: RaftRandom;
}

export const DEFAULT_MAX_SIZE_PER_MSG = 1024 * 1024;
export const DEFAULT_MAX_INFLIGHT_MSGS = 256;

export interface SoftState {
  lead: NodeId;
  state: StateType;
}

type VoteResult = "won" | "lost" | "pending";

function voteResponseType(t: MessageType): MessageType {
  switch (t) {
    case "MsgVote":
      return "MsgVoteResp";
    case "MsgPreVote":
      return "MsgPreVoteResp";
    default:
      throw new Error(`not a vote message: ${t}`);
  }
}

export class Raft {
  readonly id: NodeId;
  term = 0;
  vote: NodeId = NONE;
  readStates: ReadState[] = [];
  readonly raftLog: RaftLog;
  readonly maxMsgSize: number;
  readonly maxInflight: number;
  /** Progress of every member, voters and learners (a learner's `isLearner` is set). */
  prs = new Map<NodeId, Progress>();
  /**
   * The ids in `prs` but this node's, for the broadcasts (a heartbeat round, every append): an
   * array kept until the membership changes, not the map's iterator and a closure each time.
   * Keys are added only through setProgress(), which clears it, as do removeNode() and the two
   * places that replace the map.
   */
  private peerIds: NodeId[] | undefined;
  state: StateType = "follower";
  isLearner = false;
  votes = new Map<NodeId, boolean>();
  msgs: Message[] = [];
  lead: NodeId = NONE;
  /** The member leadership is being handed to, while a transfer is under way. */
  leadTransferee: NodeId = NONE;
  /** Only one conf change may be pending: the log index of the latest one. */
  pendingConfIndex = 0;
  readOnly = new ReadOnly();
  electionElapsed = 0;
  heartbeatElapsed = 0;
  readonly checkQuorum: boolean;
  readonly preVote: boolean;
  readonly heartbeatTimeout: number;
  readonly electionTimeout: number;
  /** In [electionTimeout, 2 * electionTimeout), drawn again on every term change. */
  randomizedElectionTimeout = 0;
  readonly disableProposalForwarding: boolean;
  private readonly random: RaftRandom;
  private tickFn: () => void = () => this.tickElection();
  private stepFn: (m: Message) => void = (m) => this.stepFollower(m);

  constructor(c: RaftConfig) {
    if (c.id === NONE) throw new Error("cannot use none as id");
    if (c.heartbeatTick <= 0) throw new Error("heartbeat tick must be greater than 0");
    if (c.electionTick <= c.heartbeatTick) throw new Error("election tick must be greater than heartbeat tick");
    this.id = c.id;
    this.raftLog = new RaftLog(c.storage);
    this.maxMsgSize = c.maxSizePerMsg ?? DEFAULT_MAX_SIZE_PER_MSG;
    this.maxInflight = c.maxInflightMsgs ?? DEFAULT_MAX_INFLIGHT_MSGS;
    this.checkQuorum = c.checkQuorum ?? false;
    this.preVote = c.preVote ?? false;
    this.heartbeatTimeout = c.heartbeatTick;
    this.electionTimeout = c.electionTick;
    this.disableProposalForwarding = c.disableProposalForwarding ?? false;
    this.random = c.random;

    const { hardState, confState } = c.storage.initialState();
    let peers = c.peers ?? [];
    let learners = c.learners ?? [];
    if (confState.voters.length > 0 || confState.learners.length > 0) {
      if (peers.length > 0 || learners.length > 0) throw new Error("cannot specify both peers and a ConfState in storage");
      peers = confState.voters;
      learners = confState.learners;
    }
    for (const p of peers) this.setProgress(p, 0, 1, false);
    for (const p of learners) {
      if (this.prs.has(p)) throw new Error(`node ${p} is in both learner and peer list`);
      this.setProgress(p, 0, 1, true);
      if (p === this.id) this.isLearner = true;
    }
    if (hardState.term !== 0 || hardState.vote !== NONE || hardState.commit !== 0) this.loadState(hardState);
    if (c.applied) this.raftLog.appliedTo(c.applied);
    this.becomeFollower(this.term, NONE);
  }

  // ---------------------------------------------------------------- state

  softState(): SoftState {
    return { lead: this.lead, state: this.state };
  }

  hardState(): HardState {
    return { term: this.term, vote: this.vote, commit: this.raftLog.committed };
  }

  private loadState(hs: HardState): void {
    if (hs.commit < this.raftLog.committed || hs.commit > this.raftLog.lastIndex()) {
      throw new Error(`state.commit ${hs.commit} is out of range [${this.raftLog.committed}, ${this.raftLog.lastIndex()}]`);
    }
    this.raftLog.committed = hs.commit;
    this.term = hs.term;
    this.vote = hs.vote;
  }

  // The leader asks these on every acknowledgement: plain loops over the progress map, no copies.
  voters(): NodeId[] {
    const ids: NodeId[] = [];
    for (const [id, pr] of this.prs) if (!pr.isLearner) ids.push(id);
    return ids;
  }

  learners(): NodeId[] {
    const ids: NodeId[] = [];
    for (const [id, pr] of this.prs) if (pr.isLearner) ids.push(id);
    return ids;
  }

  confState(): ConfState {
    return { voters: this.voters().sort(), learners: this.learners().sort() };
  }

  quorum(): number {
    let voters = 0;
    for (const pr of this.prs.values()) if (!pr.isLearner) voters++;
    return Math.floor(voters / 2) + 1;
  }

  /** A node that can campaign: a voter of the current configuration. */
  promotable(): boolean {
    const pr = this.prs.get(this.id);
    return pr !== undefined && !pr.isLearner;
  }

  pastElectionTimeout(): boolean {
    return this.electionElapsed >= this.randomizedElectionTimeout;
  }

  private resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.electionTimeout + this.random.intn(this.electionTimeout);
  }

  // ---------------------------------------------------------------- sending

  private send(m: Message): void {
    m.from = this.id;
    if (m.type === "MsgVote" || m.type === "MsgVoteResp" || m.type === "MsgPreVote" || m.type === "MsgPreVoteResp") {
      // Vote messages carry their own term: a pre-vote asks for a future term, and a
      // rejection answers with ours.
      if (m.term === 0) throw new Error(`term should be set when sending ${m.type}`);
    } else {
      if (m.term !== 0) throw new Error(`term should not be set when sending ${m.type} (was ${m.term})`);
      // Proposals and ReadIndex requests forwarded to the leader are not tied to a term.
      if (m.type !== "MsgProp" && m.type !== "MsgReadIndex") m.term = this.term;
    }
    this.msgs.push(m);
  }

  private sendAppend(to: NodeId): void {
    this.maybeSendAppend(to, true);
  }

  /**
   * Sends entries (or a snapshot, when the follower is behind the compacted log) to `to`.
   * Returns whether a message was sent; with sendIfEmpty false, an empty MsgApp is not.
   */
  private maybeSendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.prs.get(to);
    if (!pr || pr.isPaused()) return false;
    let term: number;
    let ents: Entry[];
    let compacted = false;
    try {
      term = this.raftLog.term(pr.next - 1);
      ents = this.raftLog.entries(pr.next, this.maxMsgSize);
    } catch (error) {
      if (!(error instanceof ErrCompacted)) throw error;
      compacted = true;
      term = 0;
      ents = [];
    }
    if (!compacted && ents.length === 0 && !sendIfEmpty) return false;

    if (compacted) {
      // The entries it needs are gone: send a snapshot, but only to a follower we hear from.
      if (!pr.recentActive) return false;
      let snapshot: Snapshot;
      try {
        snapshot = this.raftLog.snapshot();
      } catch (error) {
        if (error instanceof ErrSnapshotTemporarilyUnavailable) return false;
        throw error;
      }
      if (snapshot.metadata.index === 0) throw new Error("need non-empty snapshot");
      this.send(message({ type: "MsgSnap", to, snapshot }));
      pr.becomeSnapshot(snapshot.metadata.index);
      return true;
    }

    this.send(message({ type: "MsgApp", to, index: pr.next - 1, logTerm: term, entries: ents, commit: this.raftLog.committed }));
    if (ents.length > 0) {
      switch (pr.state) {
        case "replicate": {
          const last = ents[ents.length - 1]!.index;
          pr.optimisticUpdate(last);
          pr.inflights.add(last);
          break;
        }
        case "probe":
          pr.probeSent = true;
          break;
        default:
          throw new Error(`sending append in unhandled state ${pr.state}`);
      }
    }
    return true;
  }

  private sendHeartbeat(to: NodeId, ctx: string): void {
    // Never commit past what the follower has: it may not have those entries yet.
    const commit = Math.min(this.prs.get(to)!.match, this.raftLog.committed);
    this.send(message({ type: "MsgHeartbeat", to, commit, context: ctx }));
  }

  private peers(): NodeId[] {
    return (this.peerIds ??= [...this.prs.keys()].filter((id) => id !== this.id));
  }

  bcastAppend(): void {
    const peers = this.peers();
    for (let i = 0; i < peers.length; i++) this.sendAppend(peers[i]!);
  }

  /** Heartbeats carry the newest pending ReadIndex request, so one round can confirm it. */
  private bcastHeartbeat(ctx = this.readOnly.lastPendingRequestCtx()): void {
    const peers = this.peers();
    for (let i = 0; i < peers.length; i++) this.sendHeartbeat(peers[i]!, ctx);
  }

  // ---------------------------------------------------------------- commit

  /** Scratch for quorumMatchIndex, asked on every acknowledgement: reused, not allocated each time. */
  private readonly matches: number[] = [];

  /** The highest index replicated on a quorum of voters (§5.3, §5.4.2): the quorum-th largest match. */
  private quorumMatchIndex(): number {
    const matches = this.matches;
    let n = 0;
    for (const pr of this.prs.values()) {
      if (pr.isLearner) continue;
      // Insertion into descending order: a cluster has a handful of voters.
      let i = n++;
      while (i > 0 && matches[i - 1]! < pr.match) {
        matches[i] = matches[i - 1]!;
        i--;
      }
      matches[i] = pr.match;
    }
    return n === 0 ? 0 : matches[n >> 1]!;
  }

  maybeCommit(): boolean {
    return this.raftLog.maybeCommit(this.quorumMatchIndex(), this.term);
  }

  private appendEntries(es: Entry[]): void {
    const li = this.raftLog.lastIndex();
    const stamped = es.map((e, i) => ({ ...e, term: this.term, index: li + 1 + i }));
    this.raftLog.append(stamped);
    // The leader's own log counts towards the quorum as soon as it is appended; its
    // durability is the application's job (persist before sending, see Ready).
    this.prs.get(this.id)?.maybeUpdate(this.raftLog.lastIndex());
    this.maybeCommit();
  }

  // ---------------------------------------------------------------- roles

  private reset(term: number): void {
    if (this.term !== term) {
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.abortLeaderTransfer();
    this.votes = new Map();
    const last = this.raftLog.lastIndex();
    for (const [id, pr] of this.prs) {
      const fresh = new Progress({ match: 0, next: last + 1, maxInflight: this.maxInflight, isLearner: pr.isLearner });
      if (id === this.id) fresh.match = last;
      this.prs.set(id, fresh);
    }
    this.pendingConfIndex = 0;
    this.readOnly = new ReadOnly();
  }

  becomeFollower(term: number, lead: NodeId): void {
    this.stepFn = (m) => this.stepFollower(m);
    this.reset(term);
    this.tickFn = () => this.tickElection();
    this.lead = lead;
    this.state = "follower";
  }

  becomeCandidate(): void {
    if (this.state === "leader") throw new Error("invalid transition [leader -> candidate]");
    this.stepFn = (m) => this.stepCandidate(m);
    this.reset(this.term + 1);
    this.tickFn = () => this.tickElection();
    this.vote = this.id;
    this.state = "candidate";
  }

  becomePreCandidate(): void {
    if (this.state === "leader") throw new Error("invalid transition [leader -> pre-candidate]");
    // A pre-candidate changes neither its term nor its vote: it only asks whether it could win.
    this.stepFn = (m) => this.stepCandidate(m);
    this.votes = new Map();
    this.tickFn = () => this.tickElection();
    this.lead = NONE;
    this.state = "preCandidate";
  }

  becomeLeader(): void {
    if (this.state === "follower") throw new Error("invalid transition [follower -> leader]");
    this.stepFn = (m) => this.stepLeader(m);
    this.reset(this.term);
    this.tickFn = () => this.tickHeartbeat();
    this.lead = this.id;
    this.state = "leader";
    // Followers start in probe state; the leader's own progress replicates to itself.
    this.prs.get(this.id)?.becomeReplicate();
    // Any conf change in the uncommitted tail may be pending: allow no new one until it applies.
    this.pendingConfIndex = this.raftLog.lastIndex();
    // An empty entry of the new term: committing it commits everything before (§5.4.2, §8).
    this.appendEntries([{ term: 0, index: 0, type: "normal", data: "" }]);
  }

  private campaign(t: CampaignType): void {
    let voteMsg: MessageType;
    let term: number;
    if (t === CAMPAIGN_PRE_ELECTION) {
      this.becomePreCandidate();
      voteMsg = "MsgPreVote";
      // Ask for the term we would have, without moving to it yet.
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      voteMsg = "MsgVote";
      term = this.term;
    }
    if (this.poll(this.id, true) === "won") {
      // A single-member cluster wins at once.
      if (t === CAMPAIGN_PRE_ELECTION) this.campaign(CAMPAIGN_ELECTION);
      else this.becomeLeader();
      return;
    }
    for (const id of this.voters()) {
      if (id === this.id) continue;
      this.send(
        message({
          type: voteMsg,
          to: id,
          term,
          index: this.raftLog.lastIndex(),
          logTerm: this.raftLog.lastTerm(),
          context: t === CAMPAIGN_TRANSFER ? CAMPAIGN_TRANSFER : "",
        }),
      );
    }
  }

  private poll(id: NodeId, granted: boolean): VoteResult {
    if (!this.votes.has(id)) this.votes.set(id, granted);
    const voters = this.voters();
    let yes = 0;
    let no = 0;
    for (const v of voters) {
      const vote = this.votes.get(v);
      if (vote === true) yes++;
      else if (vote === false) no++;
    }
    const q = this.quorum();
    if (yes >= q) return "won";
    if (no > voters.length - q) return "lost";
    return "pending";
  }

  // ---------------------------------------------------------------- ticks

  tick(): void {
    this.tickFn();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.promotable() && this.pastElectionTimeout()) {
      this.electionElapsed = 0;
      this.step(message({ type: "MsgHup", from: this.id }));
    }
  }

  private tickHeartbeat(): void {
    this.heartbeatElapsed++;
    this.electionElapsed++;
    if (this.electionElapsed >= this.electionTimeout) {
      this.electionElapsed = 0;
      if (this.checkQuorum) this.step(message({ type: "MsgCheckQuorum", from: this.id }));
      // A transfer that did not finish within an election timeout is abandoned.
      if (this.state === "leader" && this.leadTransferee !== NONE) this.abortLeaderTransfer();
    }
    if (this.state !== "leader") return;
    if (this.heartbeatElapsed >= this.heartbeatTimeout) {
      this.heartbeatElapsed = 0;
      this.step(message({ type: "MsgBeat", from: this.id }));
    }
  }

  // ---------------------------------------------------------------- step

  /** Handles one message; throws ErrProposalDropped when a proposal cannot be accepted. */
  step(m: Message): void {
    if (m.term === 0) {
      // Local message.
    } else if (m.term > this.term) {
      if (m.type === "MsgVote" || m.type === "MsgPreVote") {
        const force = m.context === CAMPAIGN_TRANSFER;
        const inLease = this.checkQuorum && this.lead !== NONE && this.electionElapsed < this.electionTimeout;
        // §6: a member that heard from a leader within the minimum election timeout
        // ignores vote requests, so a removed or partitioned member cannot disrupt it.
        if (!force && inLease) return;
      }
      if (m.type === "MsgPreVote") {
        // Never change our term in response to a pre-vote.
      } else if (m.type === "MsgPreVoteResp" && !m.reject) {
        // We asked for this future term; we move to it only once a quorum agrees.
      } else if (m.type === "MsgApp" || m.type === "MsgHeartbeat" || m.type === "MsgSnap") {
        this.becomeFollower(m.term, m.from);
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if ((this.checkQuorum || this.preVote) && (m.type === "MsgHeartbeat" || m.type === "MsgApp")) {
        // A leader cut off and come back with a stale term: tell it the current term so it
        // steps down, instead of ignoring it (with CheckQuorum/PreVote, ignoring it could
        // leave the cluster unable to elect anyone).
        this.send(message({ type: "MsgAppResp", to: m.from }));
      } else if (m.type === "MsgPreVote") {
        this.send(message({ type: "MsgPreVoteResp", to: m.from, term: this.term, reject: true }));
      }
      return;
    }

    switch (m.type) {
      case "MsgHup":
        this.hup();
        return;
      case "MsgVote":
      case "MsgPreVote": {
        const canVote =
          this.vote === m.from ||
          (this.vote === NONE && this.lead === NONE) ||
          // A pre-vote for a future term may be granted even by a node that voted in this one.
          (m.type === "MsgPreVote" && m.term > this.term);
        if (canVote && this.raftLog.isUpToDate(m.index, m.logTerm)) {
          // The response carries the requested term: a pre-vote is for a term not yet reached.
          this.send(message({ type: voteResponseType(m.type), to: m.from, term: m.term }));
          if (m.type === "MsgVote") {
            this.electionElapsed = 0;
            this.vote = m.from;
          }
        } else {
          this.send(message({ type: voteResponseType(m.type), to: m.from, term: this.term, reject: true }));
        }
        return;
      }
      default:
        this.stepFn(m);
    }
  }

  private hup(): void {
    if (this.state === "leader") return;
    if (!this.promotable()) return;
    // A snapshot received but not yet applied (its fsync may be slow) carries a
    // configuration this member does not know yet: wait for it. Found by the swarm test
    // (a stalled disk delayed the snapshot past an election timeout).
    if (this.raftLog.applied < this.raftLog.firstIndex() - 1) return;
    // A conf change committed but not applied could change who may vote: wait for it.
    const pending = this.raftLog.slice(this.raftLog.applied + 1, this.raftLog.committed + 1, Number.POSITIVE_INFINITY);
    if (pending.some((e) => e.type === "confChange")) return;
    this.campaign(this.preVote ? CAMPAIGN_PRE_ELECTION : CAMPAIGN_ELECTION);
  }

  private stepLeader(m: Message): void {
    switch (m.type) {
      case "MsgBeat":
        this.bcastHeartbeat();
        return;
      case "MsgCheckQuorum":
        if (!this.checkQuorumActive()) this.becomeFollower(this.term, NONE);
        return;
      case "MsgProp": {
        if (m.entries.length === 0) throw new Error(`${this.id} stepped empty MsgProp`);
        // Removed from the configuration, or handing leadership over: refuse.
        if (!this.prs.has(this.id) || this.leadTransferee !== NONE) throw new ErrProposalDropped();
        const entries = m.entries.map((e, i) => {
          if (e.type !== "confChange") return e;
          if (this.pendingConfIndex > this.raftLog.applied) {
            // One membership change at a time: this one becomes a no-op.
            return { ...e, type: "normal" as const, data: "" };
          }
          this.pendingConfIndex = this.raftLog.lastIndex() + i + 1;
          return e;
        });
        this.appendEntries(entries);
        this.bcastAppend();
        return;
      }
      case "MsgReadIndex": {
        if (this.voters().length > 1) {
          // Until an entry of its own term is committed, a new leader does not know the
          // commit index for sure (§8): the read is dropped and the client retries.
          if (this.raftLog.zeroTermOnCompacted(this.raftLog.committed) !== this.term) return;
          this.readOnly.addRequest(this.raftLog.committed, m);
          this.readOnly.recvAck(this.id, m.entries[0]!.data);
          this.bcastHeartbeat(m.entries[0]!.data);
        } else {
          this.releaseRead(m, this.raftLog.committed);
        }
        return;
      }
    }

    const pr = this.prs.get(m.from);
    if (!pr) return;
    switch (m.type) {
      case "MsgAppResp": {
        pr.recentActive = true;
        if (m.reject) {
          if (pr.maybeDecrTo(m.index, m.rejectHint)) {
            if (pr.state === "replicate") pr.becomeProbe();
            this.sendAppend(m.from);
          }
          return;
        }
        const oldPaused = pr.isPaused();
        if (pr.maybeUpdate(m.index)) {
          if (pr.state === "probe") pr.becomeReplicate();
          else if (pr.state === "snapshot" && pr.match >= pr.pendingSnapshot) pr.becomeProbe();
          else if (pr.state === "replicate") pr.inflights.freeLE(m.index);

          if (this.maybeCommit()) this.bcastAppend();
          else if (oldPaused) this.sendAppend(m.from);
          // Stream as much as flow control allows.
          while (this.maybeSendAppend(m.from, false)) {
            /* keep sending */
          }
          if (m.from === this.leadTransferee && pr.match === this.raftLog.lastIndex()) this.sendTimeoutNow(m.from);
        }
        return;
      }
      case "MsgHeartbeatResp": {
        pr.recentActive = true;
        pr.probeSent = false;
        // Free one slot so a follower stuck with a full window can make progress.
        if (pr.state === "replicate" && pr.inflights.full()) pr.inflights.freeFirstOne();
        if (pr.match < this.raftLog.lastIndex()) this.sendAppend(m.from);
        if (m.context === "") return;
        const acks = this.readOnly.recvAck(m.from, m.context);
        const votersAcked = this.voters().filter((v) => acks.has(v)).length;
        if (votersAcked < this.quorum()) return;
        for (const rs of this.readOnly.advance(m.context)) this.releaseRead(rs.req, rs.index);
        return;
      }
      case "MsgSnapStatus":
        if (pr.state !== "snapshot") return;
        if (m.reject) pr.pendingSnapshot = 0;
        pr.becomeProbe();
        // Wait for the follower's MsgAppResp (or a heartbeat) before probing again.
        pr.probeSent = true;
        return;
      case "MsgUnreachable":
        if (pr.state === "replicate") pr.becomeProbe();
        return;
      case "MsgTransferLeader": {
        if (pr.isLearner) return;
        const transferee = m.from;
        if (this.leadTransferee !== NONE) {
          if (this.leadTransferee === transferee) return;
          this.abortLeaderTransfer();
        }
        if (transferee === this.id) return;
        this.electionElapsed = 0;
        this.leadTransferee = transferee;
        if (pr.match === this.raftLog.lastIndex()) this.sendTimeoutNow(transferee);
        else this.sendAppend(transferee);
        return;
      }
    }
  }

  private releaseRead(req: Message, index: number): void {
    const ctx = req.entries[0]!.data;
    if (req.from === NONE || req.from === this.id) this.readStates.push({ index, requestCtx: ctx });
    else this.send(message({ type: "MsgReadIndexResp", to: req.from, index, entries: req.entries }));
  }

  /** Used by both candidate and pre-candidate. */
  private stepCandidate(m: Message): void {
    const myVoteResp: MessageType = this.state === "preCandidate" ? "MsgPreVoteResp" : "MsgVoteResp";
    switch (m.type) {
      case "MsgProp":
        throw new ErrProposalDropped();
      case "MsgApp":
        this.becomeFollower(m.term, m.from);
        this.handleAppendEntries(m);
        return;
      case "MsgHeartbeat":
        this.becomeFollower(m.term, m.from);
        this.handleHeartbeat(m);
        return;
      case "MsgSnap":
        this.becomeFollower(m.term, m.from);
        this.handleSnapshot(m);
        return;
      case "MsgTimeoutNow":
        return;
    }
    if (m.type !== myVoteResp) return;
    switch (this.poll(m.from, !m.reject)) {
      case "won":
        if (this.state === "preCandidate") {
          this.campaign(CAMPAIGN_ELECTION);
        } else {
          this.becomeLeader();
          this.bcastAppend();
        }
        return;
      case "lost":
        // A pre-vote rejection carries the (possibly higher) term of the rejecter.
        this.becomeFollower(this.term, NONE);
        return;
    }
  }

  private stepFollower(m: Message): void {
    switch (m.type) {
      case "MsgProp":
        if (this.lead === NONE || this.disableProposalForwarding) throw new ErrProposalDropped();
        // Forward a copy: the received message may still be referenced elsewhere (a
        // duplicated delivery); etcd-io/raft gets a copy for free, Go passes messages by value.
        this.send({ ...m, to: this.lead });
        return;
      case "MsgApp":
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleAppendEntries(m);
        return;
      case "MsgHeartbeat":
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleHeartbeat(m);
        return;
      case "MsgSnap":
        this.electionElapsed = 0;
        this.lead = m.from;
        this.handleSnapshot(m);
        return;
      case "MsgTransferLeader":
        if (this.lead === NONE) return;
        this.send({ ...m, to: this.lead });
        return;
      case "MsgTimeoutNow":
        // The leader asks us to take over: campaign now, without pre-vote, past any lease.
        if (this.promotable()) this.campaign(CAMPAIGN_TRANSFER);
        return;
      case "MsgReadIndex":
        if (this.lead === NONE) return;
        this.send({ ...m, to: this.lead });
        return;
      case "MsgReadIndexResp":
        if (m.entries.length !== 1) return;
        this.readStates.push({ index: m.index, requestCtx: m.entries[0]!.data });
        return;
    }
  }

  // ---------------------------------------------------------------- follower handlers

  private handleAppendEntries(m: Message): void {
    if (m.index < this.raftLog.committed) {
      this.send(message({ type: "MsgAppResp", to: m.from, index: this.raftLog.committed }));
      return;
    }
    const lastNew = this.raftLog.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== undefined) {
      this.send(message({ type: "MsgAppResp", to: m.from, index: lastNew }));
    } else {
      // §5.3: reject; the hint (our last index) lets the leader skip ahead when we are behind.
      this.send(message({ type: "MsgAppResp", to: m.from, index: m.index, reject: true, rejectHint: this.raftLog.lastIndex() }));
    }
  }

  private handleHeartbeat(m: Message): void {
    this.raftLog.commitTo(m.commit);
    this.send(message({ type: "MsgHeartbeatResp", to: m.from, context: m.context }));
  }

  private handleSnapshot(m: Message): void {
    const snapshot = m.snapshot ?? emptySnapshot();
    if (this.restore(snapshot)) {
      this.send(message({ type: "MsgAppResp", to: m.from, index: this.raftLog.lastIndex() }));
    } else {
      this.send(message({ type: "MsgAppResp", to: m.from, index: this.raftLog.committed }));
    }
  }

  /** Replaces the log with a snapshot (§7); false when the snapshot is not news. */
  restore(s: Snapshot): boolean {
    if (s.metadata.index <= this.raftLog.committed) return false;
    if (this.raftLog.matchTerm(s.metadata.index, s.metadata.term)) {
      // We already have the entry: just fast-forward the commit index.
      this.raftLog.commitTo(s.metadata.index);
      return false;
    }
    this.raftLog.restore(s);
    const { voters, learners } = s.metadata.confState;
    this.prs = new Map();
    this.peerIds = undefined;
    this.isLearner = false;
    for (const id of voters) this.setProgress(id, 0, this.raftLog.lastIndex() + 1, false);
    for (const id of learners) {
      this.setProgress(id, 0, this.raftLog.lastIndex() + 1, true);
      if (id === this.id) this.isLearner = true;
    }
    return true;
  }

  // ---------------------------------------------------------------- leadership transfer and quorum

  private sendTimeoutNow(to: NodeId): void {
    this.send(message({ type: "MsgTimeoutNow", to }));
  }

  abortLeaderTransfer(): void {
    this.leadTransferee = NONE;
  }

  /** Whether a quorum of voters was heard from since the last check; resets the marks. */
  private checkQuorumActive(): boolean {
    let active = 0;
    for (const [id, pr] of this.prs) {
      if (pr.isLearner) continue;
      if (id === this.id || pr.recentActive) active++;
      pr.recentActive = false;
    }
    return active >= this.quorum();
  }

  // ---------------------------------------------------------------- membership

  private setProgress(id: NodeId, match: number, next: number, isLearner: boolean): void {
    this.peerIds = undefined;
    this.prs.set(id, new Progress({ match, next, maxInflight: this.maxInflight, isLearner }));
  }

  /** Applies a committed single-step conf change; returns the new configuration. */
  applyConfChange(cc: ConfChange): ConfState {
    if (cc.nodeId === NONE) {
      // etcd proposes an empty change to refresh pendingConfIndex.
      this.pendingConfIndex = 0;
      return this.confState();
    }
    switch (cc.type) {
      case "addNode":
        this.addNodeOrLearner(cc.nodeId, false);
        break;
      case "addLearnerNode":
        this.addNodeOrLearner(cc.nodeId, true);
        break;
      case "removeNode":
        this.removeNode(cc.nodeId);
        break;
      case "updateNode":
        break;
    }
    return this.confState();
  }

  private addNodeOrLearner(id: NodeId, isLearner: boolean): void {
    const pr = this.prs.get(id);
    if (!pr) {
      this.setProgress(id, 0, this.raftLog.lastIndex() + 1, isLearner);
    } else {
      if (isLearner && !pr.isLearner) throw new Error(`${this.id} can not change role of node ${id} from voter to learner`);
      if (isLearner === pr.isLearner) return; // repeated change
      pr.isLearner = false; // learner promoted to voter
    }
    if (id === this.id) this.isLearner = isLearner;
    // A new member counts as active so CheckQuorum does not step the leader down before it answers.
    this.prs.get(id)!.recentActive = true;
  }

  private removeNode(id: NodeId): void {
    this.peerIds = undefined;
    this.prs.delete(id);
    if (this.voters().length === 0) return;
    // The quorum shrank: entries may be committed now.
    if (this.state === "leader" && this.maybeCommit()) this.bcastAppend();
    if (this.state === "leader" && this.leadTransferee === id) this.abortLeaderTransfer();
  }

  // ---------------------------------------------------------------- save / load

  /**
   * The node's volatile state as plain data (entries and messages are shared, never
   * mutated), for snapshots of the simulated world. The storage and the random source
   * are saved by their owners.
   */
  save(): SavedRaft {
    const u = this.raftLog.unstable;
    return {
      term: this.term,
      vote: this.vote,
      state: this.state,
      lead: this.lead,
      isLearner: this.isLearner,
      leadTransferee: this.leadTransferee,
      pendingConfIndex: this.pendingConfIndex,
      electionElapsed: this.electionElapsed,
      heartbeatElapsed: this.heartbeatElapsed,
      randomizedElectionTimeout: this.randomizedElectionTimeout,
      committed: this.raftLog.committed,
      applied: this.raftLog.applied,
      unstable: { snapshot: u.snapshot, entries: u.entries.slice(), offset: u.offset },
      prs: [...this.prs].map(([id, pr]) => [id, saveProgress(pr)]),
      votes: [...this.votes],
      msgs: this.msgs.slice(),
      readStates: this.readStates.slice(),
      readOnly: this.readOnly.save(),
    };
  }

  load(saved: SavedRaft): void {
    this.term = saved.term;
    this.vote = saved.vote;
    this.lead = saved.lead;
    this.isLearner = saved.isLearner;
    this.leadTransferee = saved.leadTransferee;
    this.pendingConfIndex = saved.pendingConfIndex;
    this.electionElapsed = saved.electionElapsed;
    this.heartbeatElapsed = saved.heartbeatElapsed;
    this.randomizedElectionTimeout = saved.randomizedElectionTimeout;
    this.raftLog.committed = saved.committed;
    this.raftLog.applied = saved.applied;
    this.raftLog.unstable.snapshot = saved.unstable.snapshot;
    this.raftLog.unstable.entries = saved.unstable.entries.slice();
    this.raftLog.unstable.offset = saved.unstable.offset;
    this.prs = new Map(saved.prs.map(([id, pr]) => [id, loadProgress(pr, this.maxInflight)]));
    this.peerIds = undefined;
    this.votes = new Map(saved.votes);
    this.msgs = saved.msgs.slice();
    this.readStates = saved.readStates.slice();
    this.readOnly = ReadOnly.load(saved.readOnly);
    this.state = saved.state;
    const leader = saved.state === "leader";
    this.stepFn = leader
      ? (m) => this.stepLeader(m)
      : saved.state === "follower"
        ? (m) => this.stepFollower(m)
        : (m) => this.stepCandidate(m);
    this.tickFn = leader ? () => this.tickHeartbeat() : () => this.tickElection();
  }

  // ---------------------------------------------------------------- for RawNode

  isLocalMessage(t: MessageType): boolean {
    return LOCAL_MESSAGES.has(t);
  }
}
