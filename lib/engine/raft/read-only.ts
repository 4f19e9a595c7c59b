import type { Message, NodeId } from "./types";

/** A linearizable read served at `index`; `requestCtx` identifies the request. */
export interface ReadState {
  index: number;
  requestCtx: string;
}

interface ReadIndexStatus {
  req: Message;
  index: number;
  acks: Set<NodeId>;
}

/**
 * ReadIndex bookkeeping (etcd-io/raft's readOnly, ReadOnlySafe): a read request records the
 * commit index, the leader confirms it is still the leader with a heartbeat round carrying
 * the request id, and the read is released once a quorum acknowledged.
 */
export class ReadOnly {
  private pending = new Map<string, ReadIndexStatus>();
  private queue: string[] = [];

  addRequest(index: number, m: Message): void {
    const ctx = m.entries[0]!.data;
    if (this.pending.has(ctx)) return;
    this.pending.set(ctx, { index, req: m, acks: new Set() });
    this.queue.push(ctx);
  }

  /** Records an ack for ctx; returns who has acknowledged it so far. */
  recvAck(id: NodeId, ctx: string): ReadonlySet<NodeId> {
    const status = this.pending.get(ctx);
    if (!status) return new Set();
    status.acks.add(id);
    return status.acks;
  }

  /** Releases every request up to and including ctx (requests are answered in order). */
  advance(ctx: string): ReadIndexStatus[] {
    const at = this.queue.indexOf(ctx);
    if (at < 0) return [];
    const done = this.queue.slice(0, at + 1).map((c) => this.pending.get(c)!);
    for (const c of this.queue.slice(0, at + 1)) this.pending.delete(c);
    this.queue = this.queue.slice(at + 1);
    return done;
  }

  save(): Array<{ ctx: string; index: number; req: Message; acks: NodeId[] }> {
    return this.queue.map((ctx) => {
      const st = this.pending.get(ctx)!;
      return { ctx, index: st.index, req: st.req, acks: [...st.acks] };
    });
  }

  static load(saved: ReturnType<ReadOnly["save"]>): ReadOnly {
    const ro = new ReadOnly();
    for (const s of saved) {
      ro.pending.set(s.ctx, { index: s.index, req: s.req, acks: new Set(s.acks) });
      ro.queue.push(s.ctx);
    }
    return ro;
  }

  lastPendingRequestCtx(): string {
    return this.queue.at(-1) ?? "";
  }

  pendingCount(): number {
    return this.queue.length;
  }
}
