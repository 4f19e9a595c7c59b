// Raft's data types, after etcd-io/raft's raftpb. Member ids are strings because etcd's
// member ids are 64-bit (b71f75320dc06a6c) and do not fit a JavaScript number.

export type NodeId = string;
/** "No node": no leader known, no vote cast. */
export const NONE: NodeId = "";

export type EntryType = "normal" | "confChange";

export interface Entry {
  readonly term: number;
  readonly index: number;
  readonly type: EntryType;
  /** The application's payload; for a conf change, JSON of a ConfChange. Empty for the leader's no-op. */
  readonly data: string;
  /**
   * What the application proposed, as the object itself: the simulated network and logs pass
   * entries by reference, so a proposal need not be serialized to reach every member. `data`
   * then only names it, and `size` is what its encoding would take.
   */
  readonly payload?: unknown;
  /** The encoded size of `payload` in bytes, when there is one. */
  readonly size?: number;
}

export interface HardState {
  term: number;
  vote: NodeId;
  commit: number;
}

export interface ConfState {
  voters: NodeId[];
  learners: NodeId[];
}

export interface SnapshotMetadata {
  index: number;
  term: number;
  confState: ConfState;
}

export interface Snapshot {
  /** The application's state machine at `metadata.index`, serialized. */
  data: string;
  metadata: SnapshotMetadata;
}

export type ConfChangeType = "addNode" | "removeNode" | "updateNode" | "addLearnerNode";

/** A single-step membership change, as etcd 3.4 proposes them (ConfChange, not V2). */
export interface ConfChange {
  type: ConfChangeType;
  nodeId: NodeId;
  /** Opaque to Raft; etcd puts the member's JSON (name, peer URLs) here. */
  context?: string;
}

export type MessageType =
  | "MsgHup"
  | "MsgBeat"
  | "MsgProp"
  | "MsgApp"
  | "MsgAppResp"
  | "MsgVote"
  | "MsgVoteResp"
  | "MsgSnap"
  | "MsgHeartbeat"
  | "MsgHeartbeatResp"
  | "MsgUnreachable"
  | "MsgSnapStatus"
  | "MsgCheckQuorum"
  | "MsgTransferLeader"
  | "MsgTimeoutNow"
  | "MsgReadIndex"
  | "MsgReadIndexResp"
  | "MsgPreVote"
  | "MsgPreVoteResp";

export interface Message {
  type: MessageType;
  to: NodeId;
  from: NodeId;
  term: number;
  /** The term of the entry at `index` (MsgApp, votes: of the sender's last entry). */
  logTerm: number;
  index: number;
  entries: Entry[];
  commit: number;
  snapshot?: Snapshot;
  reject: boolean;
  rejectHint: number;
  /** Campaign type on votes; the ReadIndex request id on heartbeats. */
  context: string;
}

/** Messages sent by the node itself rather than received from the network. */
export const LOCAL_MESSAGES: ReadonlySet<MessageType> = new Set(["MsgHup", "MsgBeat", "MsgUnreachable", "MsgSnapStatus", "MsgCheckQuorum"]);

export const RESPONSE_MESSAGES: ReadonlySet<MessageType> = new Set([
  "MsgAppResp",
  "MsgVoteResp",
  "MsgHeartbeatResp",
  "MsgUnreachable",
  "MsgPreVoteResp",
]);

/**
 * The entries of every message that carries none (heartbeats and their answers, most of the traffic):
 * one shared array instead of one each. Frozen, so code that would add to it fails loudly.
 */
const NO_ENTRIES = Object.freeze([]) as unknown as Entry[];

export function message(fields: Partial<Message> & Pick<Message, "type">): Message {
  // Written out rather than spread from defaults: messages are the simulator's hottest allocation.
  return {
    type: fields.type,
    to: fields.to ?? NONE,
    from: fields.from ?? NONE,
    term: fields.term ?? 0,
    logTerm: fields.logTerm ?? 0,
    index: fields.index ?? 0,
    entries: fields.entries ?? NO_ENTRIES,
    commit: fields.commit ?? 0,
    snapshot: fields.snapshot,
    reject: fields.reject ?? false,
    rejectHint: fields.rejectHint ?? 0,
    context: fields.context ?? "",
  };
}

export function isEmptyHardState(hs: HardState): boolean {
  return hs.term === 0 && hs.vote === NONE && hs.commit === 0;
}

export function isEmptySnapshot(snapshot: Snapshot | undefined): boolean {
  return !snapshot || snapshot.metadata.index === 0;
}

export const emptyHardState = (): HardState => ({ term: 0, vote: NONE, commit: 0 });
export const emptySnapshot = (): Snapshot => ({ data: "", metadata: { index: 0, term: 0, confState: { voters: [], learners: [] } } });

/** Approximate encoded size of an entry in bytes, for message size limits and byte counters. */
export function entrySize(entry: Entry): number {
  return (entry.size ?? entry.data.length) + 24;
}
