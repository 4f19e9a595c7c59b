// kube-apiserver's table printers (k8s.io/kubernetes/pkg/printers/internalversion): the
// columns `kubectl get` shows for each kind, computed on the server and sent as a
// meta.k8s.io Table, with the AGE formatting of apimachinery's HumanDuration.

import type { KubeObject } from "./store";
import { parseUtc } from "../sim/calendar";

/** k8s.io/apimachinery's duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${Math.floor(hours / 24)}d` : `${Math.floor(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.floor(hours / 24) % 365;
    return days === 0 ? `${Math.floor(hours / 24 / 365)}y` : `${Math.floor(hours / 24 / 365)}y${days}d`;
  }
  return `${Math.floor(hours / 24 / 365)}y`;
}

/** Parses the RFC 3339 timestamps the API server writes, without the host's Date. */
export function parseTimestamp(ts: string | undefined): number | undefined {
  return parseUtc(ts);
}

export interface Column {
  name: string;
  /** Shown only with -o wide. */
  wide?: boolean;
  value(obj: KubeObject, nowMs: number): string;
}

const age: Column = { name: "AGE", value: (o, now) => humanDuration(now - (parseTimestamp(o.metadata.creationTimestamp) ?? now)) };

type Json = Record<string, unknown>;
const spec = (o: KubeObject) => (o.spec ?? {}) as Json;
const status = (o: KubeObject) => (o.status ?? {}) as Json;

function podReady(o: KubeObject): string {
  const containers = (spec(o).containers as Json[] | undefined) ?? [];
  const statuses = (status(o).containerStatuses as Json[] | undefined) ?? [];
  return `${statuses.filter((c) => c.ready === true).length}/${containers.length}`;
}

/** The STATUS column of a pod: a waiting container's reason beats the phase, as kubectl shows it. */
function podStatus(o: KubeObject): string {
  if (o.metadata.deletionTimestamp) return "Terminating";
  const statuses = (status(o).containerStatuses as Json[] | undefined) ?? [];
  for (const c of statuses) {
    const waiting = (c.state as Json | undefined)?.waiting as Json | undefined;
    if (waiting?.reason) return String(waiting.reason);
    const terminated = (c.state as Json | undefined)?.terminated as Json | undefined;
    if (terminated?.reason) return String(terminated.reason);
  }
  return String(status(o).reason ?? status(o).phase ?? "Unknown");
}

/** RESTARTS: the count, and how long ago the last one ended ("3 (25s ago)"), as printPod writes it. */
function restarts(o: KubeObject, nowMs: number): string {
  const statuses = (status(o).containerStatuses as Json[] | undefined) ?? [];
  const count = statuses.reduce((n, c) => n + Number(c.restartCount ?? 0), 0);
  const last = Math.max(
    0,
    ...statuses.map(
      (c) => parseTimestamp(String(((c.lastState as Json | undefined)?.terminated as Json | undefined)?.finishedAt ?? "")) ?? 0,
    ),
  );
  return count !== 0 && last > 0 ? `${count} (${humanDuration(nowMs - last)} ago)` : String(count);
}

function servicePorts(o: KubeObject): string {
  const ports = (spec(o).ports as Json[] | undefined) ?? [];
  if (ports.length === 0) return "<none>";
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ""}/${p.protocol ?? "TCP"}`).join(",");
}

function nodeRoles(o: KubeObject): string {
  const roles = Object.keys(o.metadata.labels ?? {})
    .filter((l) => l.startsWith("node-role.kubernetes.io/"))
    .map((l) => l.slice("node-role.kubernetes.io/".length))
    .sort();
  return roles.length ? roles.join(",") : "<none>";
}

function nodeStatus(o: KubeObject): string {
  const ready = ((status(o).conditions as Json[] | undefined) ?? []).find((c) => c.type === "Ready");
  const base = ready?.status === "True" ? "Ready" : "NotReady";
  return spec(o).unschedulable ? `${base},SchedulingDisabled` : base;
}

const num = (v: unknown) => String(v ?? 0);

/** Columns by kind; kinds not listed get NAME and AGE, as custom resources without printer columns do. */
export const COLUMNS: Record<string, Column[]> = {
  Pod: [
    { name: "READY", value: podReady },
    { name: "STATUS", value: podStatus },
    { name: "RESTARTS", value: restarts },
    age,
    { name: "IP", wide: true, value: (o) => String(status(o).podIP ?? "<none>") },
    { name: "NODE", wide: true, value: (o) => String(spec(o).nodeName ?? "<none>") },
    { name: "NOMINATED NODE", wide: true, value: () => "<none>" },
    { name: "READINESS GATES", wide: true, value: () => "<none>" },
  ],
  Node: [
    { name: "STATUS", value: nodeStatus },
    { name: "ROLES", value: nodeRoles },
    age,
    { name: "VERSION", value: (o) => String(((status(o).nodeInfo as Json | undefined) ?? {}).kubeletVersion ?? "") },
    {
      name: "INTERNAL-IP",
      wide: true,
      value: (o) => String(((status(o).addresses as Json[] | undefined) ?? []).find((a) => a.type === "InternalIP")?.address ?? "<none>"),
    },
  ],
  Namespace: [{ name: "STATUS", value: (o) => String(status(o).phase ?? "") }, age],
  Deployment: [
    { name: "READY", value: (o) => `${num(status(o).readyReplicas)}/${num(spec(o).replicas)}` },
    { name: "UP-TO-DATE", value: (o) => num(status(o).updatedReplicas) },
    { name: "AVAILABLE", value: (o) => num(status(o).availableReplicas) },
    age,
  ],
  ReplicaSet: [
    { name: "DESIRED", value: (o) => num(spec(o).replicas) },
    { name: "CURRENT", value: (o) => num(status(o).replicas) },
    { name: "READY", value: (o) => num(status(o).readyReplicas) },
    age,
  ],
  Service: [
    { name: "TYPE", value: (o) => String(spec(o).type ?? "ClusterIP") },
    { name: "CLUSTER-IP", value: (o) => String(spec(o).clusterIP ?? "<none>") },
    { name: "EXTERNAL-IP", value: () => "<none>" },
    { name: "PORT(S)", value: servicePorts },
    age,
  ],
  Event: [
    {
      name: "LAST SEEN",
      value: (o, now) => humanDuration(now - (parseTimestamp(String(o.lastTimestamp ?? o.metadata.creationTimestamp)) ?? now)),
    },
    { name: "TYPE", value: (o) => String(o.type ?? "") },
    { name: "REASON", value: (o) => String(o.reason ?? "") },
    {
      name: "OBJECT",
      value: (o) => {
        const io = (o.involvedObject ?? {}) as Json;
        return `${String(io.kind ?? "").toLowerCase()}/${String(io.name ?? "")}`;
      },
    },
    { name: "MESSAGE", value: (o) => String(o.message ?? "") },
  ],
  Endpoints: [
    {
      name: "ENDPOINTS",
      value: (o) => {
        const all = ((o.subsets as Json[] | undefined) ?? []).flatMap((sub) =>
          ((sub.addresses as Json[] | undefined) ?? []).flatMap((a) =>
            ((sub.ports as Json[] | undefined) ?? []).map((p) => `${String(a.ip)}:${String(p.port)}`),
          ),
        );
        if (all.length === 0) return "<none>";
        return all.length > 3 ? `${all.slice(0, 3).join(",")} + ${all.length - 3} more...` : all.join(",");
      },
    },
    age,
  ],
  ConfigMap: [{ name: "DATA", value: (o) => String(Object.keys((o.data as Json | undefined) ?? {}).length) }, age],
  Secret: [
    { name: "TYPE", value: (o) => String(o.type ?? "Opaque") },
    { name: "DATA", value: (o) => String(Object.keys((o.data as Json | undefined) ?? {}).length) },
    age,
  ],
  ServiceAccount: [{ name: "SECRETS", value: (o) => String(((o.secrets as unknown[] | undefined) ?? []).length) }, age],
  Role: [{ name: "CREATED AT", value: (o) => o.metadata.creationTimestamp ?? "" }],
  ClusterRole: [{ name: "CREATED AT", value: (o) => o.metadata.creationTimestamp ?? "" }],
  RoleBinding: [
    {
      name: "ROLE",
      value: (o) => `${String((o.roleRef as Json | undefined)?.kind ?? "")}/${String((o.roleRef as Json | undefined)?.name ?? "")}`,
    },
    age,
  ],
  ClusterRoleBinding: [
    {
      name: "ROLE",
      value: (o) => `${String((o.roleRef as Json | undefined)?.kind ?? "")}/${String((o.roleRef as Json | undefined)?.name ?? "")}`,
    },
    age,
  ],
  Lease: [{ name: "HOLDER", value: (o) => String(spec(o).holderIdentity ?? "") }, age],
  EndpointSlice: [
    { name: "ADDRESSTYPE", value: (o) => String(o.addressType ?? "") },
    {
      name: "PORTS",
      value: (o) => {
        const ports = (o.ports as Json[] | undefined) ?? [];
        return ports.length ? ports.map((p) => String(p.port)).join(",") : "<unset>";
      },
    },
    {
      name: "ENDPOINTS",
      value: (o) => {
        const all = ((o.endpoints as Json[] | undefined) ?? []).flatMap((e) => (e.addresses as string[] | undefined) ?? []);
        if (all.length === 0) return "<unset>";
        return all.length > 3 ? `${all.slice(0, 3).join(",")} + ${all.length - 3} more...` : all.join(",");
      },
    },
    age,
  ],
  CustomResourceDefinition: [{ name: "CREATED AT", value: (o) => o.metadata.creationTimestamp ?? "" }],
};

/** Kinds whose tables have no NAME column (kubectl get events). */
export const NO_NAME_COLUMN = new Set(["Event"]);
