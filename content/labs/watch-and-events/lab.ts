// Watches and events: a kubectl watch shows new pods go Pending, ContainerCreating, Running; an
// etcdctl watch on their prefix shows the same changes as etcd PUTs and DELETEs; the events say
// who did what (the deployment controller, the scheduler, the kubelet).
import { kubeObject, ran } from "@/lib/labs/checks";
import type { LabDefinition } from "@/lib/labs/types";

/** `kubectl get pods ... -w` (or --watch), in any order of its words. */
function isPodWatch(line: string): boolean {
  return /\bkubectl\b.*\bget\b/.test(line) && /\s(po|pods?)(\s|$)/.test(line) && /\s(-w|--watch|--watch-only)(\s|=|$)/.test(line);
}

/** A watch's output shows an argocd-server pod first Pending, later Running: one of the new ones started. */
function sawPodStart(output: string): boolean {
  const pending = new Set<string>();
  for (const line of output.split("\n")) {
    const m = /(?:^|\s)(argocd-server-\S+)\s+\d+\/\d+\s+(\S+)/.exec(line);
    if (!m) continue;
    if (m[2] === "Pending") pending.add(m[1]!);
    else if (m[2] === "Running" && pending.has(m[1]!)) return true;
  }
  return false;
}

export const lab: LabDefinition = {
  slug: "watch-and-events",
  topology: { members: 3, world: "demo" },
  seed: 1,
  steps: [
    {
      id: "watch-pods",
      // A watch still running has no exit code yet; its first lines are the argocd pods as they are.
      check: (ctx) => ran(ctx, /\bkubectl\b/, { exitCode: "any", output: /argocd-server-/ }).some((h) => isPodWatch(h.line)),
      solution: [{ line: "kubectl get pods -n argocd -w", terminal: 1, background: true }],
      settleMs: 1000,
    },
    {
      id: "scale",
      check: (ctx) => {
        const spec = kubeObject(ctx, "deployments", "argocd", "argocd-server")?.spec as { replicas?: number } | undefined;
        return spec?.replicas === 4 && ran(ctx, /\bkubectl\b/, { exitCode: "any" }).some((h) => isPodWatch(h.line) && sawPodStart(h.output));
      },
      solution: ["kubectl scale deployment argocd-server --replicas=4 -n argocd"],
      settleMs: 5000,
    },
    {
      id: "etcd-watch",
      // etcdctl watch prints each event as its type, the key, then the value.
      check: (ctx) => ran(ctx, /\betcdctl\b.*\bwatch\b/, { exitCode: "any", output: /^(PUT|DELETE)\n\/registry\/pods\/argocd\//m }).length > 0,
      solution: [
        { line: "etcdctl watch --prefix /registry/pods/argocd", terminal: 1, background: true },
        "kubectl scale deployment argocd-server --replicas=2 -n argocd",
      ],
      settleMs: 5000,
    },
    {
      id: "events",
      // The three writers of a scale-up, each in its own event.
      check: (ctx) =>
        ran(ctx, /\bkubectl\b.*\bget\b.*\b(ev|events?)\b/, {
          output: /ScalingReplicaSet\s+deployment\/argocd-server\s+Scaled up replica set argocd-server-\S+ from \d+ to 4\b/,
        }).some((h) => /Scheduled\s+pod\/argocd-server-/.test(h.output) && /Pulled\s+pod\/argocd-server-/.test(h.output)),
      solution: ["kubectl get events -n argocd --sort-by=.metadata.creationTimestamp"],
    },
  ],
};
