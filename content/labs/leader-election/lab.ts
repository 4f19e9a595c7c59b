// Leader election: find the leader, kill it, watch a new one win a higher term, bring the old one back.
import { raftState, ran } from "@/lib/labs/checks";
import type { LabDefinition } from "@/lib/labs/types";

/** A fresh cluster elects its first leader in term 2 (term 1 is the bootstrap's). */
const FIRST_TERM = 2;

export const lab: LabDefinition = {
  slug: "leader-election",
  topology: { members: 3, world: "etcd" },
  seed: 1,
  steps: [
    {
      id: "find-leader",
      check: (ctx) => ran(ctx, /\betcdctl\b.*\bendpoint status\b/, { output: /\btrue\b/ }).length > 0,
      solution: ["etcdctl endpoint status --cluster -w table"],
    },
    {
      id: "kill-leader",
      // Killing a follower changes nothing: only a lost leader makes the others elect, in a new term.
      check: (ctx) => {
        const s = raftState(ctx);
        return s.up.length === 2 && s.leader !== undefined && s.term > FIRST_TERM;
      },
      solution: ["cluster kill $(etcdctl endpoint status --cluster | grep ', true,' | cut -d, -f2)"],
      settleMs: 3000,
    },
    {
      id: "restart",
      check: (ctx) => raftState(ctx).up.length === 3 && ran(ctx, /\bcluster\s+(re)?start\b/).length > 0,
      solution: ["cluster start infra3"],
      settleMs: 2000,
    },
    {
      id: "new-term",
      check: (ctx) => {
        const start = ran(ctx, /\bcluster\s+(re)?start\b/).at(-1);
        return !!start && ran(ctx, /\betcdctl\b.*\bendpoint status\b/, { since: start.startMs, output: /\btrue\b/ }).length > 0;
      },
      solution: ["etcdctl endpoint status --cluster -w table"],
    },
  ],
};
