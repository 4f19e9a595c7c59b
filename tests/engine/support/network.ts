import { Rng } from "@/lib/engine/sim/rng";
import {
  ErrProposalDropped,
  MemoryStorage,
  Raft,
  type Message,
  type MessageType,
  type NodeId,
  type RaftConfig,
  type Entry,
} from "@/lib/engine/raft";

// A fake network for whole-cluster Raft tests (after etcd-io/raft's raft_test.go network):
// messages are delivered synchronously, in order, until none are left; links can be cut,
// members isolated, message types ignored, and a fraction of traffic dropped.

export interface NewRaftOptions extends Partial<Omit<RaftConfig, "id" | "storage" | "random">> {
  storage?: MemoryStorage;
  seed?: number;
}

export function newRaft(id: NodeId, peers: NodeId[], options: NewRaftOptions = {}): Raft {
  const { storage = new MemoryStorage(), seed = 1, ...rest } = options;
  return new Raft({
    id,
    peers: storage.initialState().confState.voters.length > 0 ? [] : peers,
    electionTick: 10,
    heartbeatTick: 1,
    storage,
    random: new Rng(seed).fork(`raft/${id}`),
    ...rest,
  });
}

/** A Raft whose storage already holds a log with the given entry terms (as in the paper's figures). */
export function raftWithLog(id: NodeId, peers: NodeId[], terms: number[], term: number, options: NewRaftOptions = {}): Raft {
  const storage = new MemoryStorage();
  storage.append(terms.map((t, i): Entry => ({ term: t, index: i + 1, type: "normal", data: "" })));
  storage.setHardState({ term, vote: "", commit: 0 });
  const { seed = 1, ...rest } = options;
  return new Raft({ id, peers, electionTick: 10, heartbeatTick: 1, ...rest, storage, random: new Rng(seed).fork(`raft/${id}`) });
}

const connKey = (from: NodeId, to: NodeId) => `${from}->${to}`;

export class Network {
  readonly peers = new Map<NodeId, Raft>();
  private dropRates = new Map<string, number>();
  private ignored = new Set<MessageType>();
  private readonly rng: Rng;
  /** Every message delivered, for transcripts. */
  readonly delivered: Message[] = [];

  /** `null` in the list stands for a member that never answers (a black hole). */
  constructor(members: Array<Raft | null>, seed = 1, ids?: NodeId[]) {
    this.rng = new Rng(seed).fork("network");
    const names = ids ?? members.map((_, i) => String(i + 1));
    members.forEach((m, i) => {
      if (m) this.peers.set(names[i]!, m);
    });
  }

  /** Builds n fresh members "1".."n" that know each other. */
  static ofSize(n: number, options: NewRaftOptions = {}): Network {
    const ids = Array.from({ length: n }, (_, i) => String(i + 1));
    return new Network(
      ids.map((id) => newRaft(id, ids, options)),
      options.seed,
    );
  }

  get(id: NodeId): Raft {
    const r = this.peers.get(id);
    if (!r) throw new Error(`no member ${id}`);
    return r;
  }

  /** Delivers messages (and everything they cause) until the network is quiet. */
  send(...msgs: Message[]): void {
    const queue = [...msgs];
    let guard = 0;
    while (queue.length > 0) {
      if (++guard > 100_000) throw new Error("network did not quiesce");
      const m = queue.shift()!;
      // A follower forwards a proposal by re-addressing the same message: remember the recipient.
      const to = m.to;
      const p = this.peers.get(to);
      if (!p) continue;
      this.delivered.push({ ...m });
      try {
        p.step(m);
      } catch (error) {
        if (!(error instanceof ErrProposalDropped)) throw error;
      }
      queue.push(...this.filter(this.readMessages(to)));
    }
  }

  readMessages(id: NodeId): Message[] {
    const r = this.get(id);
    const msgs = r.msgs;
    r.msgs = [];
    return msgs;
  }

  /** Drops a fraction (0..1) of the messages from `from` to `to`. */
  drop(from: NodeId, to: NodeId, fraction: number): void {
    this.dropRates.set(connKey(from, to), fraction);
  }

  /** Cuts the link between two members, both ways. */
  cut(a: NodeId, b: NodeId): void {
    this.drop(a, b, 1);
    this.drop(b, a, 1);
  }

  /** Cuts a member off from everyone. */
  isolate(id: NodeId): void {
    for (const other of this.peers.keys()) if (other !== id) this.cut(id, other);
  }

  ignore(type: MessageType): void {
    this.ignored.add(type);
  }

  /** Heals every cut and stops ignoring message types. */
  recover(): void {
    this.dropRates.clear();
    this.ignored.clear();
  }

  private filter(msgs: Message[]): Message[] {
    return msgs.filter((m) => {
      if (this.ignored.has(m.type)) return false;
      if (m.type === "MsgHup") throw new Error("unexpected MsgHup on the wire");
      const rate = this.dropRates.get(connKey(m.from, m.to)) ?? 0;
      return !(rate > 0 && this.rng.next() < rate);
    });
  }
}
