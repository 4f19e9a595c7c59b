import type { Operation } from "../sim/world";

// A linearizability checker for a key-value store of registers, in the style of Porcupine
// (Wing & Gong's search with Lowe's memoization). Keys are independent registers, so each
// key's history is checked on its own (P-compositionality).
//
// A put that timed out (or is still pending) may or may not have happened: it is treated
// as returning at the end of time. Gets without an answer, and operations refused outright, are left out.

interface Node {
  id: number;
  isCall: boolean;
  time: number;
  op: Operation;
  match: Node | undefined; // call → its return
  prev: Node | undefined;
  next: Node | undefined;
}

/** Operations searched per key before giving up with "unknown" (the search is exponential in the worst case). */
export const MAX_SEARCH_STEPS = 2_000_000;

export type LinearizabilityResult = { ok: true } | { ok: false; key: string; reason: string } | { ok: "unknown"; key: string };

type State = string | undefined;

function step(state: State, op: Operation): [boolean, State] {
  if (op.kind === "put") return [true, op.value];
  return [op.value === state, state];
}

function checkKey(ops: Operation[]): boolean | "unknown" {
  const events: Array<{ id: number; isCall: boolean; time: number; op: Operation }> = [];
  ops.forEach((op, id) => {
    events.push({ id, isCall: true, time: op.invokeMs, op });
    events.push({ id, isCall: false, time: op.status === "ok" ? op.returnMs! : Number.POSITIVE_INFINITY, op });
  });
  // On a tie, calls come first: operations that touch at a single instant count as concurrent.
  events.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? 0 : a.isCall ? -1 : 1));

  const head: Node = { id: -1, isCall: false, time: 0, op: ops[0]!, match: undefined, prev: undefined, next: undefined };
  let tail = head;
  const calls = new Map<number, Node>();
  for (const e of events) {
    const node: Node = { ...e, match: undefined, prev: tail, next: undefined };
    tail.next = node;
    tail = node;
    if (e.isCall) calls.set(e.id, node);
    else calls.get(e.id)!.match = node;
  }

  const lift = (call: Node) => {
    call.prev!.next = call.next;
    if (call.next) call.next.prev = call.prev;
    const ret = call.match!;
    ret.prev!.next = ret.next;
    if (ret.next) ret.next.prev = ret.prev;
  };
  const unlift = (call: Node) => {
    const ret = call.match!;
    ret.prev!.next = ret;
    if (ret.next) ret.next.prev = ret;
    call.prev!.next = call;
    if (call.next) call.next.prev = call;
  };

  const linearized = new Uint8Array(ops.length);
  const cache = new Set<string>();
  const stack: Array<{ node: Node; state: State }> = [];
  let state: State = undefined;
  let entry = head.next;
  let steps = 0;
  while (head.next) {
    if (++steps > MAX_SEARCH_STEPS) return "unknown";
    if (!entry) return false;
    if (entry.isCall) {
      const [ok, next] = step(state, entry.op);
      if (ok) {
        linearized[entry.id] = 1;
        const key = `${linearized.join("")}|${next ?? "\u0000"}`;
        if (!cache.has(key)) {
          cache.add(key);
          stack.push({ node: entry, state });
          state = next;
          lift(entry);
          entry = head.next;
          continue;
        }
        linearized[entry.id] = 0;
      }
      entry = entry.next;
    } else {
      // A return whose call cannot be placed: backtrack.
      const top = stack.pop();
      if (!top) return false;
      state = top.state;
      linearized[top.node.id] = 0;
      unlift(top.node);
      entry = top.node.next;
    }
  }
  return true;
}

/** Checks a client history; the first key that cannot be linearized is reported. */
export function checkLinearizable(history: readonly Operation[]): LinearizabilityResult {
  const byKey = new Map<string, Operation[]>();
  for (const op of history) {
    const counted = op.status === "ok" || (op.kind === "put" && (op.status === "timeout" || op.status === "pending"));
    if (!counted) continue;
    const list = byKey.get(op.key) ?? [];
    list.push(op);
    byKey.set(op.key, list);
  }
  for (const [key, ops] of byKey) {
    const result = checkKey(ops);
    if (result === "unknown") return { ok: "unknown", key };
    if (!result) return { ok: false, key, reason: `no linearization of ${ops.length} operations on ${JSON.stringify(key)}` };
  }
  return { ok: true };
}
