// etcd's limits: a request over 1.5 MiB is refused; history fills a small backend quota until
// etcd raises the NOSPACE alarm and refuses writes; compaction, defragmentation and disarming
// the alarm bring writes back.
import { etcdRevision, freshestStore, ran } from "@/lib/labs/checks";
import type { CheckContext, LabDefinition } from "@/lib/labs/types";

/** A 3 MB backend quota instead of 2 GiB: two 1 MB values and their history fill it. */
const QUOTA_BACKEND_BYTES = 3_000_000;

const PUT = /\betcdctl\b.*\bput\b/;
const COMPACTION = /\betcdctl\b.*\bcompact(ion)?\b/;

/** Whether a member has the NOSPACE alarm raised, as the cluster's state holds it. */
function noSpace(ctx: CheckContext): boolean {
  const cluster = ctx.session.lab.cluster;
  return cluster.serverConfigs().some((s) => cluster.app(s.id)?.alarms.some((a) => a.alarm === "NOSPACE"));
}

export const lab: LabDefinition = {
  slug: "limits-maintenance",
  topology: { members: 1, world: "etcd", quotaBackendBytes: QUOTA_BACKEND_BYTES },
  seed: 1,
  steps: [
    {
      id: "too-large",
      check: (ctx) => ran(ctx, PUT, { exitCode: "any", output: /request is too large/ }).length > 0,
      solution: ["head -c 1600000 /dev/zero | etcdctl put /lab/huge"],
    },
    {
      id: "fill",
      check: (ctx) => noSpace(ctx) && ran(ctx, PUT, { exitCode: "any", output: /database space exceeded/ }).length > 0,
      solution: [
        "head -c 1000000 /dev/zero | etcdctl put /lab/blob",
        "head -c 1000000 /dev/zero | etcdctl put /lab/blob",
        "head -c 1000000 /dev/zero | etcdctl put /lab/blob",
      ],
    },
    {
      id: "alarm",
      // The alarm seen, then a write refused while it is raised, however small.
      check: (ctx) => {
        const list = ran(ctx, /\betcdctl\b.*\balarm\s+list\b/, { output: /alarm:NOSPACE/ })[0];
        return !!list && ran(ctx, PUT, { exitCode: "any", output: /database space exceeded/, since: list.startMs }).length > 0;
      },
      solution: ["etcdctl alarm list", "etcdctl put /lab/small x"],
    },
    {
      id: "compact",
      // Compacted up to the current revision: only the latest version of each key is left.
      check: (ctx) => {
        const store = freshestStore(ctx);
        return !!store && ran(ctx, COMPACTION).length > 0 && store.compactMainRev >= etcdRevision(ctx);
      },
      solution: ["etcdctl compaction $(etcdctl endpoint status -w json | grep -o '\"revision\":[0-9]*' | cut -d: -f2)"],
    },
    {
      id: "defrag",
      // After compaction the file keeps its size; defragmentation gives the free pages back.
      check: (ctx) => {
        const store = freshestStore(ctx);
        const compaction = ran(ctx, COMPACTION).at(-1);
        return (
          !!store &&
          !!compaction &&
          ran(ctx, /\betcdctl\b.*\bdefrag\b/, { since: compaction.startMs }).length > 0 &&
          store.dbSize() - store.dbSizeInUse() < 100_000
        );
      },
      solution: ["etcdctl defrag", "etcdctl endpoint status -w table"],
    },
    {
      id: "disarm",
      check: (ctx) => {
        const disarm = ran(ctx, /\betcdctl\b.*\balarm\s+disarm\b/).at(-1);
        return !noSpace(ctx) && !!disarm && ran(ctx, PUT, { since: disarm.startMs }).length > 0;
      },
      solution: ["etcdctl alarm disarm", "etcdctl put /lab/small x"],
    },
  ],
};
