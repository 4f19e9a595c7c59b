// Sizing a cluster: five members have a quorum of three, so they survive two failures. Kill two,
// writes go on; kill a third, they stop; bring one back, they resume.
import { raftState, ran } from "@/lib/labs/checks";
import type { HistoryEntry } from "@/lib/labs/session";
import type { CheckContext, LabDefinition } from "@/lib/labs/types";

const PUT = /\betcdctl\b.*\sput\s/;
const DOWN = /\bcluster\s+(kill|stop|wipe)\b/;
const UP = /\bcluster\s+(re)?start\b/;

function failed(h: HistoryEntry): boolean {
  return h.exitCode !== undefined && h.exitCode !== 0;
}

/** When the last member was taken down (or undefined if none was). */
function lastDown(ctx: CheckContext): number | undefined {
  return ran(ctx, DOWN).at(-1)?.startMs;
}

export const lab: LabDefinition = {
  slug: "sizing",
  topology: { members: 5, world: "etcd" },
  seed: 1,
  steps: [
    {
      id: "five-members",
      // A listing that names all five members' client URLs.
      check: (ctx) =>
        ran(ctx, /\betcdctl\b.*\b(endpoint\s+status|endpoint\s+health|member\s+list)\b/).some((h) =>
          [":2379", ":22379", ":32379", ":42379", ":52379"].every((p) => h.output.includes(`127.0.0.1${p}`)),
        ),
      solution: ["etcdctl endpoint status --cluster -w table"],
    },
    {
      id: "kill-two",
      // Two of five down: the three left still elect (or keep) a leader.
      check: (ctx) => {
        const s = raftState(ctx);
        return s.up.length === 3 && s.leader !== undefined;
      },
      solution: ["cluster kill infra5", "cluster kill infra4"],
      settleMs: 3000,
    },
    {
      id: "write-with-three",
      check: (ctx) => {
        const since = lastDown(ctx);
        return since !== undefined && raftState(ctx).up.length === 3 && ran(ctx, PUT, { since }).length > 0;
      },
      solution: ["etcdctl put /lab/sizing three-of-five"],
    },
    {
      id: "lose-quorum",
      // A third member down: two of five are no majority, there is no leader and a write fails.
      check: (ctx) => {
        const since = lastDown(ctx);
        const s = raftState(ctx);
        return (
          since !== undefined &&
          s.up.length === 2 &&
          s.leader === undefined &&
          ran(ctx, PUT, { since, exitCode: "any" }).some((h) => failed(h))
        );
      },
      solution: ["cluster kill infra3", "etcdctl put /lab/no-quorum two-of-five"],
    },
    {
      id: "restore-quorum",
      // One member back: three of five again, a leader, and a write that succeeds.
      check: (ctx) => {
        const start = ran(ctx, UP).at(-1);
        const s = raftState(ctx);
        return !!start && s.up.length >= 3 && s.leader !== undefined && ran(ctx, PUT, { since: start.startMs }).length > 0;
      },
      solution: ["cluster start infra3", "sleep 3", "etcdctl put /lab/quorum-back three-again"],
    },
  ],
};
