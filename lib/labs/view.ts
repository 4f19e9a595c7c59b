// What the lab page draws: each etcd member as the simulator knows it (process, Raft role,
// term, log indexes, disk) and Kubernetes as its control plane sees it (the scheduler's
// informers: nodes and pods). A plain JSON value, small enough to send on every change.

import type { KubeObject } from "../engine/kube/store";
import type { LabSession } from "./session";

export interface MemberView {
  name: string;
  id: string;
  process: "running" | "stopped" | "not started";
  role: "leader" | "follower" | "candidate" | "pre-candidate" | "learner" | "-";
  term: number;
  leader: string;
  commit: number;
  applied: number;
  lastIndex: number;
  disk: string;
  diskStalled: boolean;
}

export interface PodView {
  namespace: string;
  name: string;
  phase: string;
  node: string;
  /** kubectl's STATUS column: ContainerCreating, CrashLoopBackOff, Terminating... */
  status: string;
}

export interface ClusterView {
  /** Virtual ms since the lab booted. */
  elapsedMs: number;
  members: MemberView[];
  /** Cut links as "name -> name". */
  cutLinks: string[];
  kube?: {
    nodes: Array<{ name: string; ready: boolean; powered: boolean }>;
    pods: PodView[];
    /** Pods by STATUS, all of them (the list above is cut at MAX_VIEW_PODS). */
    podCounts: Record<string, number>;
  };
}

/** Pods listed one by one; a cluster with more shows only their counts past this. */
export const MAX_VIEW_PODS = 200;

function podStatus(pod: KubeObject): string {
  if (pod.metadata.deletionTimestamp) return "Terminating";
  const status = (pod.status ?? {}) as { phase?: string; containerStatuses?: Array<{ state?: { waiting?: { reason?: string } } }> };
  const waiting = status.containerStatuses?.find((c) => c.state?.waiting)?.state?.waiting?.reason;
  return waiting ?? status.phase ?? "Pending";
}

export function clusterView(session: LabSession): ClusterView {
  const cluster = session.lab.cluster;
  const configs = cluster.serverConfigs();
  const nameOf = (id: string) => configs.find((c) => c.id === id)?.name ?? id;
  const members = configs.map((s): MemberView => {
    const m = cluster.world.members.get(s.id);
    const r = m?.node?.raft;
    const up = cluster.isUp(s.id);
    return {
      name: s.name,
      id: s.id,
      process: up ? "running" : m ? "stopped" : "not started",
      role: r && up ? (r.isLearner ? "learner" : (r.state as MemberView["role"])) : "-",
      term: r?.term ?? 0,
      leader: up && r?.lead ? nameOf(r.lead) : "",
      commit: r?.raftLog.committed ?? 0,
      applied: r?.raftLog.applied ?? 0,
      lastIndex: r?.raftLog.lastIndex() ?? 0,
      disk: m?.disk.state.profile ?? "-",
      diskStalled: m ? m.disk.state.stalledUntilMs > cluster.nowMs : false,
    };
  });
  const view: ClusterView = {
    elapsedMs: Math.round(session.nowMs - session.bootedMs),
    members,
    cutLinks: cluster.world.network.state.blocked.map((k) => k.split("->").map(nameOf).join(" -> ")),
  };
  const kube = session.lab.kube;
  if (kube?.scheduler) {
    const pods = [...kube.scheduler.pods.cache.values()].sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}` < `${b.metadata.namespace}/${b.metadata.name}` ? -1 : 1,
    );
    const podCounts: Record<string, number> = {};
    for (const p of pods) podCounts[podStatus(p)] = (podCounts[podStatus(p)] ?? 0) + 1;
    view.kube = {
      nodes: [...kube.scheduler.nodes.cache.values()]
        .map((n) => {
          const conditions = ((n.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []).filter(
            (c) => c.type === "Ready",
          );
          return {
            name: n.metadata.name,
            ready: conditions[0]?.status === "True",
            powered: kube.kubelet(n.metadata.name)?.running ?? true,
          };
        })
        .sort((a, b) => (a.name < b.name ? -1 : 1)),
      pods: pods.slice(0, MAX_VIEW_PODS).map((p) => ({
        namespace: p.metadata.namespace ?? "",
        name: p.metadata.name,
        phase: String((p.status as { phase?: string } | undefined)?.phase ?? "Pending"),
        node: String((p.spec as { nodeName?: string } | undefined)?.nodeName ?? ""),
        status: podStatus(p),
      })),
      podCounts,
    };
  }
  return view;
}
