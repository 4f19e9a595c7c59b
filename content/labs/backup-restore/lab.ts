// Backup and restore: write keys, save a snapshot and look inside it, lose the keys to a bad
// delete that every member replicates, then restore every member from the snapshot into a new
// data directory and start the cluster from it.
import { etcdKeys, raftState, ran } from "@/lib/labs/checks";
import type { CheckContext, LabDefinition } from "@/lib/labs/types";

const PREFIX = "/app/";
const MEMBERS = ["infra1", "infra2", "infra3"];
/** The peer URLs of the lab's members, as `--initial-cluster` lists them. */
const CLUSTER = "infra1=http://127.0.0.1:12380,infra2=http://127.0.0.1:22380,infra3=http://127.0.0.1:32380";

/** A successful `snapshot restore` for the member whose data directory is still there. */
function restoredFor(ctx: CheckContext, name: string): boolean {
  const vfs = ctx.session.lab.shell.vfs;
  return ran(ctx, new RegExp(`\\betcdctl\\b.*\\bsnapshot\\s+restore\\b.*--name[= ]${name}(\\s|$)`)).some((h) => {
    const dir = /--data-dir[= ](\S+)/.exec(h.line)?.[1] ?? `${name}.etcd`;
    return vfs.isDir(dir.replace(/^["']|["']$/g, ""));
  });
}

/** Every member was started from a restored data directory (named by its name or its ID). */
function startedFromRestore(ctx: CheckContext): boolean {
  const configs = ctx.session.lab.cluster.serverConfigs();
  return MEMBERS.every((name) => {
    const who = [name, ...configs.filter((s) => s.name === name).map((s) => s.id)].join("|");
    return ran(ctx, new RegExp(`\\bcluster\\s+(re)?start\\s+(${who})\\b.*--data-dir`)).length > 0;
  });
}

export const lab: LabDefinition = {
  slug: "backup-restore",
  topology: { members: 3, world: "etcd" },
  seed: 1,
  steps: [
    {
      id: "write",
      check: (ctx) => etcdKeys(ctx, PREFIX).length >= 3,
      solution: [
        "etcdctl put /app/config/db-host db.internal",
        "etcdctl put /app/config/replicas 3",
        "etcdctl put /app/config/log-level info",
      ],
    },
    {
      id: "save",
      check: (ctx) => ran(ctx, /\betcdctl\b.*\bsnapshot\s+save\b/).length > 0,
      solution: ["etcdctl snapshot save backup.db"],
    },
    {
      id: "status",
      check: (ctx) => ran(ctx, /\betcdctl\b.*\bsnapshot\s+status\b/).length > 0,
      solution: ["etcdctl snapshot status backup.db -w table"],
    },
    {
      id: "disaster",
      // The delete is replicated to every member: three copies of the data, none of them a backup.
      check: (ctx) => ran(ctx, /\betcdctl\b.*\bdel\b.*\/app/).length > 0 && etcdKeys(ctx, PREFIX).length === 0,
      solution: ["etcdctl del /app --prefix"],
    },
    {
      id: "stop",
      check: (ctx) => raftState(ctx).up.length === 0,
      solution: ["cluster stop infra1", "cluster stop infra2", "cluster stop infra3"],
    },
    {
      id: "restore",
      check: (ctx) => MEMBERS.every((name) => restoredFor(ctx, name)),
      solution: [
        `export CLUSTER=${CLUSTER}`,
        ...MEMBERS.map(
          (name, i) =>
            `etcdctl snapshot restore backup.db --name ${name} --initial-cluster $CLUSTER --initial-cluster-token etcd-cluster-1 --initial-advertise-peer-urls http://127.0.0.1:${i + 1}2380 --data-dir ${name}.etcd`,
        ),
      ],
    },
    {
      id: "start",
      check: (ctx) => {
        const s = raftState(ctx);
        return s.up.length === 3 && s.leader !== undefined && startedFromRestore(ctx) && etcdKeys(ctx, PREFIX).length >= 3;
      },
      solution: MEMBERS.map((name) => `cluster start ${name} --data-dir ${name}.etcd`),
      settleMs: 3000,
    },
    {
      id: "verify",
      check: (ctx) => {
        const start = ran(ctx, /\bcluster\s+(re)?start\b.*--data-dir/).at(-1);
        return !!start && ran(ctx, /\betcdctl\b.*\bget\b.*\/app/, { since: start.startMs, output: /\/app\// }).length > 0;
      },
      solution: ["etcdctl get /app --prefix", "etcdctl endpoint status --cluster -w table"],
    },
  ],
};
