// kubectl describe: the long, human form of pods, deployments, replicasets, nodes, services
// and namespaces (k8s.io/kubectl/pkg/describe), any other kind in the generic form, each
// with the events that involve it. Written with tabs and aligned by tabwriter, as kubectl does.

import type { KubeObject } from "../../kube/store";
import { parseUtc, utcParts } from "../../sim/calendar";
import { humanDuration, parseTimestamp } from "../../kube/printers";
import { podTemplateHash } from "../../kube/controllers";
import { goSort } from "./gosort";
import { tabwrite } from "./tabwriter";

type Json = Record<string, unknown>;
const spec = (o: KubeObject) => (o.spec ?? {}) as Json;
const status = (o: KubeObject) => (o.status ?? {}) as Json;

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** RFC 1123 with numeric zone, as describe prints times: "Thu, 01 Jan 2026 00:00:03 +0000". */
export function rfc1123z(ts: string | undefined): string {
  const ms = parseUtc(ts);
  if (ms === undefined) return "<unknown>";
  const t = utcParts(ms);
  const p2 = (n: number) => String(n).padStart(2, "0");
  return `${DAYS[t.weekday]}, ${p2(t.day)} ${MONTHS[t.month - 1]} ${t.year} ${p2(t.hour)}:${p2(t.minute)}:${p2(t.second)} +0000`;
}

const MAX_ANNOTATION_LEN = 140;

class Writer {
  private text = "";

  line(level: number, format: string): void {
    this.text += `${"  ".repeat(level)}${format}\n`;
  }

  /** Labels (key=value) and annotations (key: value): the first on the title's line, the rest under it. */
  map(level: number, key: string, values: Record<string, string> | undefined): void {
    const entries = Object.entries(values ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
    if (entries.length === 0) return this.line(level, `${key}:\t<none>`);
    if (key !== "Annotations") {
      entries.forEach(([k, v], i) => this.line(level, i === 0 ? `${key}:\t${k}=${v}` : `\t${k}=${v}`));
      return;
    }
    // printAnnotationsMultiline: a long or multi-line value goes under its key, each line shortened to 138.
    entries.forEach(([k, raw], i) => {
      const lead = i === 0 ? `${key}:\t` : "\t";
      const value = raw.replace(/\n$/, "");
      if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes("\n")) {
        this.line(level, `${lead}${k}:`);
        for (const s of value.split("\n"))
          this.line(level, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}`);
      } else this.line(level, `${lead}${k}: ${value}`);
    });
  }

  toString(): string {
    return tabwrite(this.text);
  }
}

function events(w: Writer, list: KubeObject[], nowMs: number): void {
  if (list.length === 0) return w.line(0, "Events:\t<none>");
  w.line(0, "Events:");
  w.line(1, "Type\tReason\tAge\tFrom\tMessage");
  w.line(1, "----\t------\t----\t----\t-------");
  // kubectl's SortableEvents: by last timestamp, through Go's unstable sort (ties as kubectl leaves them).
  const sorted = goSort([...list], (a, b) => String(a.lastTimestamp ?? "") < String(b.lastTimestamp ?? ""));
  for (const e of sorted) {
    const age = humanDuration(nowMs - (parseTimestamp(String(e.lastTimestamp ?? e.metadata.creationTimestamp)) ?? nowMs));
    const from = String((e.source as Json | undefined)?.component ?? e.reportingComponent ?? "");
    w.line(1, `${String(e.type ?? "")}\t${String(e.reason ?? "")}\t${age}\t${from}\t${String(e.message ?? "")}`);
  }
}

function describePod(w: Writer, pod: KubeObject): void {
  const s = spec(pod);
  const st = status(pod);
  w.line(0, `Name:\t${pod.metadata.name}`);
  w.line(0, `Namespace:\t${pod.metadata.namespace}`);
  w.line(0, `Priority:\t${String(s.priority ?? 0)}`);
  if (s.priorityClassName) w.line(0, `Priority Class Name:\t${String(s.priorityClassName)}`);
  w.line(0, `Service Account:\t${String(s.serviceAccountName ?? "default")}`);
  w.line(0, `Node:\t${s.nodeName ? `${String(s.nodeName)}/${String(st.hostIP ?? "")}` : "<none>"}`);
  if (st.startTime) w.line(0, `Start Time:\t${rfc1123z(String(st.startTime))}`);
  w.map(0, "Labels", pod.metadata.labels);
  w.map(0, "Annotations", pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp) {
    w.line(0, `Status:\tTerminating (lasts ${humanDuration(0)})`);
    w.line(0, `Termination Grace Period:\t${String(pod.metadata.deletionGracePeriodSeconds ?? 30)}s`);
  } else w.line(0, `Status:\t${String(st.phase ?? "Unknown")}`);
  w.line(0, `IP:\t${String(st.podIP ?? "")}`);
  const ips = (st.podIPs as Json[] | undefined) ?? [];
  if (ips.length === 0) w.line(0, "IPs:\t<none>");
  else {
    w.line(0, "IPs:");
    for (const ip of ips) w.line(1, `IP:\t${String(ip.ip)}`);
  }
  const ownerRef = pod.metadata.ownerReferences?.find((r) => r.controller);
  if (ownerRef) w.line(0, `Controlled By:\t${ownerRef.kind}/${ownerRef.name}`);
  w.line(0, "Containers:");
  const statuses = (st.containerStatuses as Json[] | undefined) ?? [];
  for (const c of (s.containers as Json[] | undefined) ?? []) {
    const cs = statuses.find((x) => x.name === c.name);
    w.line(1, `${String(c.name)}:`);
    if (cs?.containerID) w.line(2, `Container ID:\t${String(cs.containerID)}`);
    w.line(2, `Image:\t${String(c.image)}`);
    w.line(2, `Image ID:\t${String(cs?.imageID ?? "")}`);
    const ports = (c.ports as Json[] | undefined) ?? [];
    w.line(2, `Port:\t${ports.length ? `${String(ports[0]!.containerPort)}/${String(ports[0]!.protocol ?? "TCP")}` : "<none>"}`);
    w.line(2, `Host Port:\t${ports.length ? `0/${String(ports[0]!.protocol ?? "TCP")}` : "<none>"}`);
    const state = (cs?.state ?? {}) as Json;
    if (state.running) {
      w.line(2, "State:\tRunning");
      w.line(3, `Started:\t${rfc1123z(String((state.running as Json).startedAt))}`);
    } else if (state.waiting) {
      w.line(2, "State:\tWaiting");
      w.line(3, `Reason:\t${String((state.waiting as Json).reason)}`);
    } else w.line(2, "State:\tWaiting");
    w.line(2, `Ready:\t${cs?.ready === true ? "True" : "False"}`);
    w.line(2, `Restart Count:\t${String(cs?.restartCount ?? 0)}`);
    w.line(2, "Environment:\t<none>");
    w.line(2, "Mounts:\t<none>");
  }
  const conditions = (st.conditions as Json[] | undefined) ?? [];
  if (conditions.length > 0) {
    w.line(0, "Conditions:");
    w.line(1, "Type\tStatus");
    for (const c of conditions) w.line(1, `${String(c.type)} \t${String(c.status)} `);
  }
  w.line(0, "Volumes:\t<none>");
  w.line(0, `QoS Class:\t${String(st.qosClass ?? "BestEffort")}`);
  w.line(0, "Node-Selectors:\t<none>");
  const tolerations = (s.tolerations as Json[] | undefined) ?? [];
  if (tolerations.length === 0) w.line(0, "Tolerations:\t<none>");
  tolerations.forEach((t, i) => {
    const text = `${String(t.key ?? "")}${t.effect ? `:${String(t.effect)}` : ""}${t.operator === "Exists" ? " op=Exists" : ""}`;
    w.line(0, i === 0 ? `Tolerations:\t${text}` : `\t${text}`);
  });
}

function describeDeployment(w: Writer, d: KubeObject, replicaSets: KubeObject[]): void {
  const s = spec(d);
  const st = status(d);
  w.line(0, `Name:\t${d.metadata.name}`);
  w.line(0, `Namespace:\t${d.metadata.namespace}`);
  w.line(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}`);
  w.map(0, "Labels", d.metadata.labels);
  w.map(0, "Annotations", d.metadata.annotations);
  const selector = Object.entries(((s.selector as Json | undefined)?.matchLabels ?? {}) as Record<string, string>).map(
    ([k, v]) => `${k}=${v}`,
  );
  w.line(0, `Selector:\t${selector.join(",") || "<none>"}`);
  const replicas = Number(s.replicas ?? 1);
  const total = Number(st.replicas ?? 0);
  w.line(
    0,
    `Replicas:\t${replicas} desired | ${Number(st.updatedReplicas ?? 0)} updated | ${total} total | ${Number(st.availableReplicas ?? 0)} available | ${Number(st.unavailableReplicas ?? 0)} unavailable`,
  );
  const strategy = (s.strategy ?? {}) as { type?: string; rollingUpdate?: Json };
  w.line(0, `StrategyType:\t${strategy.type ?? "RollingUpdate"}`);
  w.line(0, `MinReadySeconds:\t${String(s.minReadySeconds ?? 0)}`);
  if (strategy.rollingUpdate)
    w.line(
      0,
      `RollingUpdateStrategy:\t${String(strategy.rollingUpdate.maxUnavailable)} max unavailable, ${String(strategy.rollingUpdate.maxSurge)} max surge`,
    );
  const template = (s.template ?? {}) as { metadata?: { labels?: Record<string, string> }; spec?: Json };
  w.line(0, "Pod Template:");
  w.map(1, "Labels", template.metadata?.labels);
  w.line(1, "Containers:");
  // A template's containers are indented one space more than a pod's, their fields not (DescribePodTemplate).
  for (const c of (template.spec?.containers as Json[] | undefined) ?? []) {
    w.line(1, ` ${String(c.name)}:`);
    w.line(2, `Image:\t${String(c.image)}`);
    const ports = (c.ports as Json[] | undefined) ?? [];
    w.line(2, `Port:\t${ports.length ? `${String(ports[0]!.containerPort)}/TCP` : "<none>"}`);
    w.line(2, `Host Port:\t${ports.length ? "0/TCP" : "<none>"}`);
    w.line(2, "Environment:\t<none>");
    w.line(2, "Mounts:\t<none>");
  }
  w.line(1, "Volumes:\t<none>");
  w.line(1, "Node-Selectors:\t<none>");
  w.line(1, "Tolerations:\t<none>");
  const owned = replicaSets.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid));
  // The new ReplicaSet is the one made from the current template (FindNewReplicaSet).
  const current = owned.find((rs) => rs.metadata.labels?.["pod-template-hash"] === podTemplateHash(template));
  const byLabels = (list: KubeObject[]) =>
    list
      .map((rs) => `${rs.metadata.name} (${Number(status(rs).replicas ?? 0)}/${Number(spec(rs).replicas ?? 0)} replicas created)`)
      .join(", ") || "<none>";
  w.line(0, `OldReplicaSets:\t${byLabels(owned.filter((rs) => rs !== current))}`);
  w.line(0, `NewReplicaSet:\t${byLabels(current ? [current] : [])}`);
}

function describeNode(w: Writer, n: KubeObject, pods: KubeObject[]): void {
  const st = status(n);
  w.line(0, `Name:\t${n.metadata.name}`);
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((l) => l.startsWith("node-role.kubernetes.io/"))
    .map((l) => l.slice(24));
  w.line(0, `Roles:\t${roles.join(",") || "<none>"}`);
  w.map(0, "Labels", n.metadata.labels);
  w.map(0, "Annotations", n.metadata.annotations);
  w.line(0, `CreationTimestamp:\t${rfc1123z(n.metadata.creationTimestamp)}`);
  const taints = ((spec(n).taints as Json[] | undefined) ?? []).map(
    (t) => `${String(t.key)}${t.value ? `=${String(t.value)}` : ""}:${String(t.effect)}`,
  );
  if (taints.length === 0) w.line(0, "Taints:\t<none>");
  taints.forEach((t, i) => w.line(0, i === 0 ? `Taints:\t${t}` : `\t${t}`));
  w.line(0, `Unschedulable:\t${spec(n).unschedulable === true}`);
  w.line(0, "Conditions:");
  w.line(1, "Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage");
  w.line(1, "----\t------\t-----------------\t------------------\t------\t-------");
  for (const c of (st.conditions as Json[] | undefined) ?? []) {
    const time = rfc1123z(String(c.lastTransitionTime ?? n.metadata.creationTimestamp));
    w.line(1, `${String(c.type)}\t${String(c.status)}\t${time}\t${time}\t${String(c.reason ?? "")}\t${String(c.message ?? "")}`);
  }
  w.line(0, "Addresses:");
  for (const a of (st.addresses as Json[] | undefined) ?? []) w.line(1, `${String(a.type)}:\t${String(a.address)}`);
  w.line(0, "Capacity:");
  for (const [k, v] of Object.entries((st.capacity ?? {}) as Record<string, string>)) w.line(1, `${k}:\t${v}`);
  w.line(0, "Allocatable:");
  for (const [k, v] of Object.entries((st.allocatable ?? {}) as Record<string, string>)) w.line(1, `${k}:\t${v}`);
  const info = (st.nodeInfo ?? {}) as Json;
  w.line(0, "System Info:");
  w.line(1, `Operating System:\t${String(info.operatingSystem ?? "")}`);
  w.line(1, `Architecture:\t${String(info.architecture ?? "")}`);
  w.line(1, `Container Runtime Version:\t${String(info.containerRuntimeVersion ?? "")}`);
  w.line(1, `Kubelet Version:\t${String(info.kubeletVersion ?? "")}`);
  w.line(0, `PodCIDR:\t${String(spec(n).podCIDR ?? "")}`);
  const running = pods.filter(
    (p) => spec(p).nodeName === n.metadata.name && status(p).phase !== "Succeeded" && status(p).phase !== "Failed",
  );
  w.line(0, `Non-terminated Pods:\t(${running.length} in total)`);
  w.line(1, "Namespace\tName\tAge");
  w.line(1, "---------\t----\t---");
  for (const p of running) w.line(1, `${p.metadata.namespace}\t${p.metadata.name}\t${p.metadata.creationTimestamp}`);
}

function describeService(w: Writer, svc: KubeObject): void {
  const s = spec(svc);
  w.line(0, `Name:\t${svc.metadata.name}`);
  w.line(0, `Namespace:\t${svc.metadata.namespace}`);
  w.map(0, "Labels", svc.metadata.labels);
  w.map(0, "Annotations", svc.metadata.annotations);
  const selector = Object.entries((s.selector ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`);
  w.line(0, `Selector:\t${selector.join(",") || "<none>"}`);
  w.line(0, `Type:\t${String(s.type ?? "ClusterIP")}`);
  w.line(0, `IP Family Policy:\t${String(s.ipFamilyPolicy ?? "SingleStack")}`);
  w.line(0, `IP Families:\t${((s.ipFamilies as string[] | undefined) ?? ["IPv4"]).join(",")}`);
  w.line(0, `IP:\t${String(s.clusterIP ?? "")}`);
  w.line(0, `IPs:\t${((s.clusterIPs as string[] | undefined) ?? [String(s.clusterIP ?? "")]).join(",")}`);
  for (const p of (s.ports as Json[] | undefined) ?? []) {
    w.line(0, `Port:\t${String(p.name ?? "<unset>")}  ${String(p.port)}/${String(p.protocol ?? "TCP")}`);
    w.line(0, `TargetPort:\t${String(p.targetPort ?? p.port)}/${String(p.protocol ?? "TCP")}`);
  }
  w.line(0, `Session Affinity:\t${String(s.sessionAffinity ?? "None")}`);
  w.line(0, `Internal Traffic Policy:\t${String(s.internalTrafficPolicy ?? "Cluster")}`);
}

function describeGeneric(w: Writer, o: KubeObject): void {
  w.line(0, `Name:\t${o.metadata.name}`);
  if (o.metadata.namespace) w.line(0, `Namespace:\t${o.metadata.namespace}`);
  w.map(0, "Labels", o.metadata.labels);
  w.map(0, "Annotations", o.metadata.annotations);
  w.line(0, `API Version:\t${o.apiVersion}`);
  w.line(0, `Kind:\t${o.kind}`);
  if (o.kind === "Namespace") w.line(0, `Status:\t${String(status(o).phase ?? "")}`);
  const rest = Object.entries(o).filter(([k]) => !["apiVersion", "kind", "metadata"].includes(k));
  const dump = (level: number, value: unknown, key: string) => {
    const title = key.charAt(0).toUpperCase() + key.slice(1);
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      w.line(level, `${title}:`);
      for (const [k, v] of Object.entries(value as Json)) dump(level + 1, v, k);
    } else if (Array.isArray(value))
      w.line(level, `${title}:\t${value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(", ")}`);
    else w.line(level, `${title}:\t${String(value)}`);
  };
  for (const [k, v] of rest) dump(0, v, k);
}

/** The describe text of one object, with the events that involve it. */
/** `related`: the pods of a node, the ReplicaSets of a deployment's namespace. */
export function describe(o: KubeObject, involving: KubeObject[], nowMs: number, related: KubeObject[] = []): string {
  const w = new Writer();
  switch (o.kind) {
    case "Pod":
      describePod(w, o);
      break;
    case "Deployment":
      describeDeployment(w, o, related);
      break;
    case "Node":
      describeNode(w, o, related);
      break;
    case "Service":
      describeService(w, o);
      break;
    case "Namespace":
      w.line(0, `Name:\t${o.metadata.name}`);
      w.map(0, "Labels", o.metadata.labels);
      w.map(0, "Annotations", o.metadata.annotations);
      w.line(0, `Status:\t${String(status(o).phase ?? "")}`);
      w.line(0, "");
      w.line(0, "No resource quota.");
      w.line(0, "");
      w.line(0, "No LimitRange resource.");
      return w.toString();
    default:
      describeGeneric(w, o);
  }
  events(w, involving, nowMs);
  return w.toString();
}
