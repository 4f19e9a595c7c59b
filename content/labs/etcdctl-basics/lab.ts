// First steps with etcdctl: a key, its revisions, and reading the past.
import { etcdKv, ran } from "@/lib/labs/checks";
import type { LabDefinition } from "@/lib/labs/types";

const KEY = "/lab/greeting";

export const lab: LabDefinition = {
  slug: "etcdctl-basics",
  topology: { members: 3, world: "etcd" },
  seed: 1,
  steps: [
    {
      id: "put",
      check: (ctx) => etcdKv(ctx, KEY) !== undefined,
      solution: [`etcdctl put ${KEY} hello`],
    },
    {
      id: "revisions",
      // The JSON or fields view shows the key's create and mod revisions.
      check: (ctx) => ran(ctx, /\betcdctl\b.*\bget\b.*\/lab\/greeting/, { output: /"mod_revision"|"ModRevision"/ }).length > 0,
      solution: [`etcdctl get ${KEY} -w json`],
    },
    {
      id: "update",
      check: (ctx) => (etcdKv(ctx, KEY)?.version ?? 0) >= 2,
      solution: [`etcdctl put ${KEY} world`],
    },
    {
      id: "history",
      // Reading at an older revision returns the value the key had then.
      check: (ctx) => {
        const kv = etcdKv(ctx, KEY);
        return !!kv && ran(ctx, /\betcdctl\b.*\bget\b.*\/lab\/greeting.*--rev(=|\s+)\d+/, { output: /\/lab\/greeting\n(?!world\n)/ }).length > 0;
      },
      solution: [`etcdctl get ${KEY} --rev=2`],
    },
  ],
};
