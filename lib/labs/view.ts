// What the lab page draws: each etcd member as the simulator knows it (process, Raft role,
// term, log indexes, disk) and Kubernetes as its control plane sees it (the scheduler's
// informers: nodes and pods). A plain JSON value, small enough to send on every change.

import type { Entry } from "../engine/raft/types";
import { envelopeOf } from "../engine/etcd/member";
import type { KubeObject } from "../engine/kube/store";
import { kubeObjects } from "./checks";
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
  /** The last entries of the member's Raft log, oldest first. */
  log: LogEntryView[];
}

export interface LogEntryView {
  index: number;
  term: number;
  /** What the entry asks the state machine to do, in a few words ("put /a", "conf change", "leader's no-op"). */
  summary: string;
}

/** Traffic between two members over the last LINK_WINDOW_MS of virtual time. */
export interface LinkView {
  from: string;
  to: string;
  /** Message types sent, most frequent first (MsgHeartbeat, MsgApp, MsgVote...). */
  types: string[];
  sent: number;
  dropped: number;
}

/** One message sent in the last LINK_WINDOW_MS, for the diagram to fly across its link. */
export interface MessageView {
  seq: number;
  from: string;
  to: string;
  type: string;
  dropped: boolean;
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
  links: LinkView[];
  /** The newest messages of the window, oldest first, at most MAX_VIEW_MESSAGES. */
  messages: MessageView[];
  /** kubectl port-forwards running now: local port and target ("service/prometheus-server"). */
  forwards: Array<{ port: number; namespace: string; target: string }>;
  kube?: {
    nodes: Array<{ name: string; ready: boolean; powered: boolean }>;
    pods: PodView[];
    /** Pods by STATUS, all of them (the list above is cut at MAX_VIEW_PODS). */
    podCounts: Record<string, number>;
    deployments: Array<{ namespace: string; name: string; replicas: number; ready: number; updated: number }>;
  };
}

/** Pods listed one by one; a cluster with more shows only their counts past this. */
export const MAX_VIEW_PODS = 200;
/** Deployments listed. */
export const MAX_VIEW_DEPLOYMENTS = 50;
/** Log entries shown per member. */
export const LOG_TAIL = 6;
/** Messages listed one by one (the links count all of them). */
export const MAX_VIEW_MESSAGES = 32;
/** The window of recent traffic drawn between members, virtual ms. */
export const LINK_WINDOW_MS = 1000;

/** An entry in a few words: what a learner can match with the command that made it. */
function summarize(e: Entry): string {
  if (e.type === "confChange") return "conf change";
  if (!e.data) return "leader's no-op";
  try {
    const { req } = envelopeOf(e);
    const r = req as Record<string, { key?: string; revision?: number } | undefined>;
    const op = Object.keys(r)[0] ?? "?";
    const key = r[op]?.key;
    const short = (k: string) => (k.length > 32 ? `${k.slice(0, 31)}…` : k);
    if (op === "put") return `put ${short(key ?? "")}`;
    if (op === "deleteRange") return `del ${short(key ?? "")}`;
    if (op === "compaction") return `compact ${r[op]?.revision ?? ""}`;
    return op.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);
  } catch {
    return "entry";
  }
}

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
      log: r ? logTail(r.raftLog) : [],
    };
  });
  const since = cluster.nowMs - LINK_WINDOW_MS;
  const links = new Map<string, { from: string; to: string; types: Map<string, number>; sent: number; dropped: number }>();
  const recent = cluster.world.recentMessages;
  const messages: MessageView[] = [];
  for (let i = recent.length - 1; i >= 0 && recent[i]!.sentMs >= since; i--) {
    const m = recent[i]!;
    if (messages.length < MAX_VIEW_MESSAGES)
      messages.push({ seq: m.seq, from: nameOf(m.from), to: nameOf(m.to), type: m.type, dropped: m.arriveMs === undefined });
    const key = `${m.from}->${m.to}`;
    const l = links.get(key) ?? { from: nameOf(m.from), to: nameOf(m.to), types: new Map(), sent: 0, dropped: 0 };
    l.sent++;
    if (m.arriveMs === undefined) l.dropped++;
    l.types.set(m.type, (l.types.get(m.type) ?? 0) + 1);
    links.set(key, l);
  }
  const view: ClusterView = {
    elapsedMs: Math.round(session.nowMs - session.bootedMs),
    members,
    cutLinks: cluster.world.network.state.blocked.map((k) => k.split("->").map(nameOf).join(" -> ")),
    forwards: [...(session.lab.kube?.forwards ?? [])].map(([port, f]) => ({ port, namespace: f.namespace, target: f.target })),
    links: [...links.values()]
      .sort((a, b) => (`${a.from}>${a.to}` < `${b.from}>${b.to}` ? -1 : 1))
      .map((l) => ({
        from: l.from,
        to: l.to,
        sent: l.sent,
        dropped: l.dropped,
        types: [...l.types].sort((a, b) => b[1] - a[1]).map(([t]) => t),
      })),
    messages: messages.reverse(),
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
      deployments: kubeObjects({ session, history: session.history }, "deployments")
        .slice(0, MAX_VIEW_DEPLOYMENTS)
        .map((d) => {
          const spec = (d.spec ?? {}) as { replicas?: number };
          const status = (d.status ?? {}) as { readyReplicas?: number; updatedReplicas?: number };
          return {
            namespace: d.metadata.namespace ?? "",
            name: d.metadata.name,
            replicas: spec.replicas ?? 1,
            ready: status.readyReplicas ?? 0,
            updated: status.updatedReplicas ?? 0,
          };
        }),
    };
  }
  return view;
}

function logTail(log: {
  lastIndex(): number;
  firstIndex(): number;
  slice(lo: number, hi: number, maxSize: number): Entry[];
}): LogEntryView[] {
  const last = log.lastIndex();
  const from = Math.max(log.firstIndex(), last - LOG_TAIL + 1);
  try {
    return log.slice(from, last + 1, Number.POSITIVE_INFINITY).map((e) => ({ index: e.index, term: e.term, summary: summarize(e) }));
  } catch {
    // Compacted under us (a snapshot): nothing to show this time.
    return [];
  }
}
