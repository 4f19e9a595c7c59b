// What Kubernetes stores in etcd: a pod created with kubectl, found under /registry, its
// resourceVersion being the key's mod revision.
import { kubeObject, ran } from "@/lib/labs/checks";
import type { LabDefinition } from "@/lib/labs/types";

export const lab: LabDefinition = {
  slug: "kubernetes-in-etcd",
  topology: { members: 3, world: "demo" },
  seed: 1,
  steps: [
    {
      id: "run",
      check: (ctx) => kubeObject(ctx, "pods", "default", "test-etcd") !== undefined,
      solution: ["kubectl run test-etcd --image=nginx"],
    },
    {
      id: "find",
      check: (ctx) => ran(ctx, /\betcdctl\b.*\bget\b.*\/registry\/pods/, { output: /\/registry\/pods\/default\/test-etcd/ }).length > 0,
      solution: ["etcdctl get /registry/pods/default --prefix --keys-only"],
    },
    {
      id: "resource-version",
      // Both sides of the same number: the API's resourceVersion and etcd's mod_revision.
      check: (ctx) =>
        ran(ctx, /\bkubectl\b.*\bget\b.*test-etcd/, { output: /resourceVersion/ }).length > 0 &&
        ran(ctx, /\betcdctl\b.*\bget\b.*\/registry\/pods\/default\/test-etcd/, { output: /mod_revision|ModRevision/ }).length > 0,
      solution: [
        "kubectl get pod test-etcd -o yaml | grep resourceVersion",
        "etcdctl get /registry/pods/default/test-etcd -w json | grep -o '\"mod_revision\":[0-9]*'",
      ],
    },
    {
      id: "running",
      // The scheduler and the kubelet wrote the pod again: it runs, and its resourceVersion moved on.
      check: (ctx) => {
        const pod = kubeObject(ctx, "pods", "default", "test-etcd");
        return (pod?.status as { phase?: string } | undefined)?.phase === "Running" && ran(ctx, /\bkubectl\b.*\bget\b/, { output: /test-etcd\s+1\/1\s+Running/ }).length > 0;
      },
      solution: ["sleep 5", "kubectl get pod test-etcd -o wide"],
    },
  ],
};
