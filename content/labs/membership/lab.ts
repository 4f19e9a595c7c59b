// Membership changes: a fourth member joins as a learner (catching up without a vote), is promoted
// to a voting member once in sync, and an old member is removed: a member replaced, one change at a time.
import { ran } from "@/lib/labs/checks";
import type { CheckContext, LabDefinition } from "@/lib/labs/types";

const ORIGINAL = ["infra1", "infra2", "infra3"];
const NEW_PEER_URL = "http://127.0.0.1:42380";

interface Member {
  id: string;
  name: string;
  peerURLs: string[];
  isLearner: boolean;
}

/** The cluster's membership as the member that has applied the most knows it. */
function members(ctx: CheckContext): Member[] {
  const cluster = ctx.session.lab.cluster;
  let best: { applied: number; members: Member[] } | undefined;
  for (const s of cluster.serverConfigs()) {
    const app = cluster.app(s.id);
    const applied = cluster.world.members.get(s.id)?.node?.raft.raftLog.applied ?? 0;
    if (app && (!best || applied > best.applied)) best = { applied, members: [...app.members.values()] };
  }
  return best?.members ?? [];
}

/** The member added at the new peer URL, if it is in the membership. */
function added(ctx: CheckContext): Member | undefined {
  return members(ctx).find((m) => m.peerURLs.includes(NEW_PEER_URL));
}

/** Three voting members again, the new one among them: one of the original three was replaced. */
function replaced(ctx: CheckContext): boolean {
  const ms = members(ctx);
  const m = added(ctx);
  return ms.length === 3 && !!m && !m.isLearner && ms.every((x) => !x.isLearner) && ORIGINAL.some((name) => !ms.some((x) => x.name === name));
}

export const lab: LabDefinition = {
  slug: "membership",
  // The cluster has been up for a while: etcd refuses membership changes until its peers have been connected for 5 s.
  topology: { members: 3, world: "etcd", setup: ["sleep 5"] },
  seed: 1,
  steps: [
    {
      id: "list",
      check: (ctx) => ran(ctx, /\betcdctl\b.*\bmember\s+list\b/).length > 0,
      solution: ["etcdctl member list -w table"],
    },
    {
      id: "add-learner",
      check: (ctx) => added(ctx)?.isLearner === true && ran(ctx, /\betcdctl\b.*\bmember\s+add\b.*--learner/).length > 0,
      solution: [`etcdctl member add infra4 --peer-urls=${NEW_PEER_URL} --learner`],
    },
    {
      id: "join",
      // Its process runs and it has published its name: it started and caught up with the leader's log.
      check: (ctx) => {
        const m = added(ctx);
        return !!m && m.name !== "" && ctx.session.lab.cluster.isUp(m.id);
      },
      solution: [`cluster join infra4 ${NEW_PEER_URL}`],
      settleMs: 2000,
    },
    {
      id: "see-learner",
      check: (ctx) => {
        const join = ran(ctx, /\bcluster\s+join\b/).at(-1);
        return (
          !!join &&
          ran(ctx, /\betcdctl\b.*\b(member\s+list|endpoint\s+status)\b/, { since: join.startMs, output: /:42379\b[^\n]*\btrue\b/ }).length > 0
        );
      },
      solution: ["etcdctl member list -w table", "etcdctl endpoint status --cluster -w table"],
    },
    {
      id: "promote",
      check: (ctx) => added(ctx)?.isLearner === false && ran(ctx, /\betcdctl\b.*\bmember\s+promote\b/).length > 0,
      solution: ["etcdctl member promote $(etcdctl member list | grep infra4 | cut -d, -f1)"],
    },
    {
      id: "remove",
      check: (ctx) => replaced(ctx) && ran(ctx, /\betcdctl\b.*\bmember\s+remove\b/).length > 0,
      solution: ["etcdctl member remove $(etcdctl member list | grep infra2 | cut -d, -f1)"],
      settleMs: 1000,
    },
    {
      id: "verify",
      check: (ctx) => {
        const remove = ran(ctx, /\betcdctl\b.*\bmember\s+remove\b/).at(-1);
        return (
          replaced(ctx) &&
          !!remove &&
          ran(ctx, /\betcdctl\b.*\b(member\s+list|endpoint\s+status)\b/, { since: remove.startMs, output: /:42379\b/ }).length > 0
        );
      },
      solution: ["etcdctl endpoint status --cluster -w table", "cluster status"],
    },
  ],
};
