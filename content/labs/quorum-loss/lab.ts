// Quorum loss: two of three etcd members killed, so etcd can commit nothing. Writes and
// linearizable reads time out, in etcd and through the API server; the pods already running
// keep running. One member back restores the quorum, and everything resumes.
import { kubeObjects, raftState, ran } from "@/lib/labs/checks";
import type { HistoryEntry } from "@/lib/labs/session";
import type { CheckContext, LabDefinition } from "@/lib/labs/types";

/** A command that takes a member down, and one that brings one back. */
const DOWN = /^\s*cluster\s+(kill|stop|wipe)\b/;
const UP = /^\s*cluster\s+(re)?start\b/;
/** How a request without quorum ends: the client's deadline, or etcd's own request timeout. */
const TIMED_OUT = /deadline exceeded|timed out|timeout/i;

/** The last `cluster kill|stop` before the entry, when no `cluster start` came between them. */
function outageOf(ctx: CheckContext, h: HistoryEntry): HistoryEntry | undefined {
  const before = ctx.history.slice(0, ctx.history.indexOf(h)).filter((e) => e.exitCode === 0);
  const down = before.findLast((e) => DOWN.test(e.line));
  if (!down || before.slice(before.indexOf(down)).some((e) => UP.test(e.line))) return undefined;
  return down;
}

/** Commands that timed out while members were down. */
function timedOut(ctx: CheckContext, line: RegExp): HistoryEntry[] {
  return ran(ctx, line, { exitCode: 1, output: TIMED_OUT }).filter((h) => outageOf(ctx, h) !== undefined);
}

/** The `cluster start` that brought the quorum back: the first one after the last failed request. */
function recovery(ctx: CheckContext): HistoryEntry | undefined {
  const failed = timedOut(ctx, /./).at(-1);
  if (!failed) return undefined;
  return ctx.history.slice(ctx.history.indexOf(failed)).find((e) => e.exitCode === 0 && UP.test(e.line));
}

/** `kubectl get` listing the pod as running, ready, never restarted. */
function listsRunning(output: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(^|\\s)${escaped}\\s+(\\d+)/\\2\\s+Running\\s+0\\s`, "m").test(output);
}

/** kubectl with a verb, after global flags such as `-n argocd`, if any. */
const kubectl = (verbs: string) => new RegExp(`\\bkubectl\\s+(?:(?:-n|--namespace)(?:\\s+|=)\\S+\\s+|-\\S+\\s+)*(?:${verbs})\\b`);
const KUBECTL_GET = kubectl("get");
const KUBECTL_WRITE = kubectl("run|create|apply|replace|scale|delete|label|annotate|set|rollout|patch|edit");

export const lab: LabDefinition = {
  slug: "quorum-loss",
  topology: { members: 3, world: "demo" },
  seed: 1,
  steps: [
    {
      id: "healthy",
      check: (ctx) => {
        const up = raftState(ctx).up.length;
        return up === 3 && ran(ctx, KUBECTL_GET, { output: /argocd-server-\S+\s+1\/1\s+Running\s+0\s/ }).length > 0;
      },
      solution: ["kubectl get pods -n argocd", "etcdctl endpoint status --cluster -w table"],
    },
    {
      id: "kill-two",
      // Exactly one of three left: no majority.
      check: (ctx) => raftState(ctx).up.length === 1,
      solution: ["cluster kill infra2", "cluster kill infra3"],
    },
    {
      id: "etcd-write",
      check: (ctx) => timedOut(ctx, /\betcdctl\b.*\bput\b/).length > 0,
      solution: ["etcdctl put /lab/quorum test"],
    },
    {
      id: "kube-write",
      check: (ctx) => timedOut(ctx, KUBECTL_WRITE).length > 0,
      solution: ["kubectl run quorum-test --image=nginx"],
    },
    {
      id: "kube-read",
      check: (ctx) => timedOut(ctx, KUBECTL_GET).length > 0,
      solution: ["kubectl get pods -n argocd"],
    },
    {
      id: "restore",
      check: (ctx) => {
        const s = raftState(ctx);
        return s.up.length >= 2 && s.leader !== undefined && recovery(ctx) !== undefined;
      },
      solution: ["cluster start infra2"],
      settleMs: 3000,
    },
    {
      id: "survived",
      // The argocd pods listed before the outage and after it, the same ones, running, with no restart.
      check: (ctx) => {
        const back = recovery(ctx);
        if (!back) return false;
        const names = kubeObjects(ctx, "pods", "argocd").map((p) => p.metadata.name);
        const lists = (h: HistoryEntry) => names.length > 0 && names.every((n) => listsRunning(h.output, n));
        const down = outageOf(ctx, timedOut(ctx, /./).at(-1)!)!;
        const at = (h: HistoryEntry) => ctx.history.indexOf(h);
        const before = ran(ctx, KUBECTL_GET).filter((h) => at(h) < at(down));
        const after = ran(ctx, KUBECTL_GET).filter((h) => at(h) > at(back));
        return before.some(lists) && after.some(lists);
      },
      solution: ["kubectl get pods -n argocd"],
    },
    {
      id: "new-pod",
      // A pod created after the recovery, bound to a node and running.
      check: (ctx) => {
        const back = recovery(ctx);
        if (!back) return false;
        const created = ran(ctx, /\bkubectl\b/)
          .filter((h) => ctx.history.indexOf(h) > ctx.history.indexOf(back))
          .flatMap((h) => [...h.output.matchAll(/^pod\/(\S+) created$/gm)].map((m) => m[1]!));
        return kubeObjects(ctx, "pods").some(
          (p) =>
            created.includes(p.metadata.name) &&
            !!(p.spec as { nodeName?: string } | undefined)?.nodeName &&
            (p.status as { phase?: string } | undefined)?.phase === "Running",
        );
      },
      solution: ["kubectl run quorum-test --image=nginx"],
      settleMs: 10000,
    },
  ],
};
