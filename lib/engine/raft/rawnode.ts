import { ErrStepLocalMsg, ErrStepPeerNotFound } from "./errors";
import { Raft, type RaftConfig, type SavedRaft, type SoftState } from "./raft";
import type { ReadState } from "./read-only";
import {
  RESPONSE_MESSAGES,
  isEmptySnapshot,
  message,
  type ConfChange,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type NodeId,
  type Snapshot,
} from "./types";

/**
 * Everything a member must do after a round of ticks and steps (etcd-io/raft's Ready).
 *
 * Ordering rules — the application MUST, in this order:
 *  1. write `hardState`, `entries` and `snapshot` to stable storage (fsync when
 *     `mustSync`), and append them to the Storage the node reads (MemoryStorage.append,
 *     applySnapshot, setHardState);
 *  2. only then send `messages`: a vote or an acknowledgement sent before the state it
 *     promises is durable could be forgotten by a crash, and a member could vote twice or
 *     a leader count an entry that vanishes;
 *  3. apply `committedEntries` to the state machine (conf changes through applyConfChange);
 *  4. call `advance(ready)`.
 * A leader may send its MsgApp before its own append is durable (Raft thesis §10.2.1);
 * this implementation keeps the simple order above.
 */
export interface Ready {
  /** Changed leader or role; undefined when unchanged. Need not be persisted. */
  softState?: SoftState;
  /** Changed term, vote or commit; undefined when unchanged. */
  hardState?: HardState;
  /** Linearizable reads that are now safe to serve at their index, once applied that far. */
  readStates: ReadState[];
  /** Entries to append to stable storage. */
  entries: Entry[];
  /** A snapshot to install, if one arrived. */
  snapshot?: Snapshot;
  /** Entries committed by a quorum, to apply in order. */
  committedEntries: Entry[];
  /** Messages to send after the above is durable. */
  messages: Message[];
  /** Whether the write of hardState/entries must be fsynced (not needed for commit-only changes). */
  mustSync: boolean;
}

/** A Raft node driven by the application: tick, step, propose, then ready/advance. */
export class RawNode {
  readonly raft: Raft;
  private prevSoftState: SoftState;
  private prevHardState: HardState;

  constructor(config: RaftConfig) {
    this.raft = new Raft(config);
    this.prevSoftState = this.raft.softState();
    this.prevHardState = config.storage.initialState().hardState;
  }

  /** One tick of the logical clock (etcd: every 100 ms). */
  tick(): void {
    this.raft.tick();
  }

  /** Starts an election now, as if the election timeout elapsed. */
  campaign(): void {
    this.raft.step(message({ type: "MsgHup" }));
  }

  /**
   * Proposes data to be appended to the log; throws ErrProposalDropped when it cannot be.
   * `attached`: the proposal as an object and its encoded size (see Entry.payload).
   */
  propose(data: string, attached?: { payload: unknown; size: number }): void {
    this.raft.step(message({ type: "MsgProp", from: this.raft.id, entries: [{ term: 0, index: 0, type: "normal", data, ...attached }] }));
  }

  proposeConfChange(cc: ConfChange): void {
    this.raft.step(
      message({ type: "MsgProp", from: this.raft.id, entries: [{ term: 0, index: 0, type: "confChange", data: JSON.stringify(cc) }] }),
    );
  }

  applyConfChange(cc: ConfChange): ConfState {
    return this.raft.applyConfChange(cc);
  }

  /** Delivers a message from a peer. Local messages (MsgHup, MsgBeat...) are refused. */
  step(m: Message): void {
    if (this.raft.isLocalMessage(m.type)) throw new ErrStepLocalMsg();
    // Responses from members that are not (or no longer) in the configuration are dropped.
    if (RESPONSE_MESSAGES.has(m.type) && !this.raft.prs.has(m.from)) throw new ErrStepPeerNotFound();
    this.raft.step(m);
  }

  /** Asks for a linearizable read; `ctx` comes back in a ReadState when it is safe. */
  readIndex(ctx: string): void {
    this.raft.step(message({ type: "MsgReadIndex", entries: [{ term: 0, index: 0, type: "normal", data: ctx }] }));
  }

  /** Asks the leader to hand leadership to `transferee` (etcdctl move-leader). */
  transferLeader(transferee: NodeId): void {
    this.raft.step(message({ type: "MsgTransferLeader", from: transferee }));
  }

  reportUnreachable(id: NodeId): void {
    this.raft.step(message({ type: "MsgUnreachable", from: id }));
  }

  reportSnapshot(id: NodeId, failed: boolean): void {
    this.raft.step(message({ type: "MsgSnapStatus", from: id, reject: failed }));
  }

  hasReady(): boolean {
    return this.pendingReady() !== "none";
  }

  /**
   * What a Ready taken now would hold: nothing, messages and nothing else (a heartbeat, its
   * answer: most Readies), or more. Called after every event in the simulator: compares
   * fields without allocating.
   */
  pendingReady(): "none" | "messages" | "full" {
    const r = this.raft;
    if (r.readStates.length > 0) return "full";
    if (r.lead !== this.prevSoftState.lead || r.state !== this.prevSoftState.state) return "full";
    const log = r.raftLog;
    const prev = this.prevHardState;
    if (
      (r.term !== prev.term || r.vote !== prev.vote || log.committed !== prev.commit) &&
      !(r.term === 0 && r.vote === "" && log.committed === 0)
    )
      return "full";
    if (log.unstable.snapshot && !isEmptySnapshot(log.unstable.snapshot)) return "full";
    if (log.unstableEntries().length > 0 || log.hasNextEnts()) return "full";
    return r.msgs.length > 0 ? "messages" : "none";
  }

  /**
   * The messages of a Ready that holds nothing else (pendingReady() === "messages"): the same
   * as ready() then advance() for it, without building the Ready. Nothing needs persisting
   * first, so they may be sent at once.
   */
  takeMessages(): Message[] {
    const msgs = this.raft.msgs;
    this.raft.msgs = [];
    return msgs;
  }

  ready(): Ready {
    // Most Readies (a heartbeat, its answer) carry messages and nothing else: the states and
    // entry lists are built only when there is something in them.
    const r = this.raft;
    const log = r.raftLog;
    const unstable = log.unstableEntries();
    const rd: Ready = {
      entries: unstable.length > 0 ? unstable.slice() : NO_ENTRIES,
      committedEntries: log.hasNextEnts() ? log.nextEnts() : NO_ENTRIES,
      messages: r.msgs,
      readStates: r.readStates,
      mustSync: false,
    };
    r.msgs = [];
    const prevSoft = this.prevSoftState;
    if (r.lead !== prevSoft.lead || r.state !== prevSoft.state) rd.softState = r.softState();
    const prevHard = this.prevHardState;
    const termOrVote = r.term !== prevHard.term || r.vote !== prevHard.vote;
    if (termOrVote || log.committed !== prevHard.commit) rd.hardState = r.hardState();
    if (log.unstable.snapshot) rd.snapshot = log.unstable.snapshot;
    rd.mustSync = rd.entries.length > 0 || termOrVote;
    return rd;
  }

  /** Tells the node the Ready was persisted, sent and applied. */
  advance(rd: Ready): void {
    const r = this.raft;
    if (rd.softState) this.prevSoftState = rd.softState;
    if (rd.hardState) this.prevHardState = rd.hardState;
    // The application has applied what it was given: the committed entries or, failing
    // those, the snapshot (etcd-io/raft's appliedCursor).
    const applied = rd.committedEntries.at(-1)?.index ?? rd.snapshot?.metadata.index ?? 0;
    if (applied > 0) r.raftLog.appliedTo(applied);
    const lastEntry = rd.entries.at(-1);
    if (lastEntry) r.raftLog.stableTo(lastEntry.index, lastEntry.term);
    if (rd.snapshot) r.raftLog.stableSnapTo(rd.snapshot.metadata.index);
    if (rd.readStates.length > 0) r.readStates = [];
  }

  save(): SavedRawNode {
    return { raft: this.raft.save(), prevSoftState: { ...this.prevSoftState }, prevHardState: { ...this.prevHardState } };
  }

  load(saved: SavedRawNode): void {
    this.raft.load(saved.raft);
    this.prevSoftState = { ...saved.prevSoftState };
    this.prevHardState = { ...saved.prevHardState };
  }

  /** The figures a lab and /metrics need about this member. */
  status(): RaftStatus {
    const r = this.raft;
    return {
      id: r.id,
      term: r.term,
      vote: r.vote,
      commit: r.raftLog.committed,
      applied: r.raftLog.applied,
      lastIndex: r.raftLog.lastIndex(),
      lead: r.lead,
      state: r.state,
      leadTransferee: r.leadTransferee,
      isLearner: r.isLearner,
      progress:
        r.state === "leader"
          ? Object.fromEntries(
              [...r.prs].map(([id, pr]) => [id, { match: pr.match, next: pr.next, state: pr.state, isLearner: pr.isLearner }]),
            )
          : {},
    };
  }
}

export interface SavedRawNode {
  raft: SavedRaft;
  prevSoftState: SoftState;
  prevHardState: HardState;
}

export interface RaftStatus {
  id: NodeId;
  term: number;
  vote: NodeId;
  commit: number;
  applied: number;
  lastIndex: number;
  lead: NodeId;
  state: Raft["state"];
  leadTransferee: NodeId;
  isLearner: boolean;
  progress: Record<NodeId, { match: number; next: number; state: string; isLearner: boolean }>;
}

/** The entry lists of a Ready that has none (shared; frozen, so nothing can add to them). */
const NO_ENTRIES = Object.freeze([]) as unknown as Entry[];
