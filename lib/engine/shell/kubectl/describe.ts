// kubectl describe: the long, human form of pods, deployments, replicasets, nodes, services
// and namespaces (k8s.io/kubectl/pkg/describe), any other kind in the generic form, each
// with the events that involve it. Written with tabs and aligned by tabwriter, as kubectl does.

import type { KubeObject } from "../../kube/store";
import { parseUtc, utcParts } from "../../sim/calendar";
import { humanDuration, parseTimestamp } from "../../kube/printers";
import { podTemplateHash } from "../../kube/controllers";
import { quantity } from "../../kube/scheduling";
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
    // kubectl never shows the last applied configuration it keeps in an annotation.
    const entries = Object.entries(values ?? {})
      .filter(([k]) => key !== "Annotations" || k !== "kubectl.kubernetes.io/last-applied-configuration")
      .sort(([a], [b]) => (a < b ? -1 : 1));
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
    const since = (ts: unknown) => humanDuration(nowMs - (parseTimestamp(String(ts ?? e.metadata.creationTimestamp)) ?? nowMs));
    // A repeated event: when it was last seen, how often, over how long.
    const count = Number(e.count ?? 1);
    const age = count > 1 ? `${since(e.lastTimestamp)} (x${count} over ${since(e.firstTimestamp)})` : since(e.firstTimestamp);
    const from = String((e.source as Json | undefined)?.component ?? e.reportingComponent ?? "");
    w.line(1, `${String(e.type ?? "")}\t${String(e.reason ?? "")}\t${age}\t${from}\t${String(e.message ?? "")}`);
  }
}

/** describeContainerCommand: the command and the args, a line each (lines of a multi-line one too). */
function describeCommand(w: Writer, c: Json): void {
  for (const [title, list] of [
    ["Command", c.command],
    ["Args", c.args],
  ] as const) {
    const items = (list as string[] | undefined) ?? [];
    if (items.length === 0) continue;
    w.line(2, `${title}:`);
    for (const item of items) for (const line of String(item).split("\n")) w.line(3, line);
  }
}

/** describeResources: limits, then requests, each resource in name order, quantities in canonical form. */
function describeResources(w: Writer, c: Json): void {
  const resources = (c.resources ?? {}) as { limits?: Record<string, string>; requests?: Record<string, string> };
  for (const [title, list] of [
    ["Limits", resources.limits],
    ["Requests", resources.requests],
  ] as const) {
    const names = Object.keys(list ?? {}).sort();
    if (names.length === 0) continue;
    w.line(2, `${title}:`);
    for (const name of names) {
      const raw = list![name]!;
      const text = name === "cpu" || name === "memory" ? formatQuantity(quantity(raw, name === "cpu"), name === "cpu") : raw;
      w.line(3, `${name}:\t${text}`);
    }
  }
}

/** describeStatus: a container state as Running, Waiting (with its reason) or Terminated (with exit code and times). */
function describeState(w: Writer, title: string, state: Json): void {
  const running = state.running as Json | undefined;
  const waiting = state.waiting as Json | undefined;
  const terminated = state.terminated as Json | undefined;
  if (running) {
    w.line(2, `${title}:\tRunning`);
    w.line(3, `Started:\t${rfc1123z(String(running.startedAt))}`);
  } else if (waiting) {
    w.line(2, `${title}:\tWaiting`);
    if (waiting.reason) w.line(3, `Reason:\t${String(waiting.reason)}`);
  } else if (terminated) {
    w.line(2, `${title}:\tTerminated`);
    if (terminated.reason) w.line(3, `Reason:\t${String(terminated.reason)}`);
    if (terminated.message) w.line(3, `Message:\t${String(terminated.message)}`);
    w.line(3, `Exit Code:\t${String(terminated.exitCode ?? 0)}`);
    w.line(3, `Started:\t${rfc1123z(String(terminated.startedAt))}`);
    w.line(3, `Finished:\t${rfc1123z(String(terminated.finishedAt))}`);
  } else w.line(2, `${title}:\tWaiting`);
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
    describeCommand(w, c);
    describeState(w, "State", (cs?.state ?? {}) as Json);
    if ((cs?.lastState as Json | undefined)?.terminated) describeState(w, "Last State", cs!.lastState as Json);
    w.line(2, `Ready:\t${cs?.ready === true ? "True" : "False"}`);
    w.line(2, `Restart Count:\t${String(cs?.restartCount ?? 0)}`);
    describeResources(w, c);
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

type PodTemplate = { metadata?: { labels?: Record<string, string> }; spec?: Json };

/** DescribePodTemplate: a template's containers are indented one space more than a pod's, their fields not. */
function describePodTemplate(w: Writer, template: PodTemplate): void {
  w.line(0, "Pod Template:");
  w.map(1, "Labels", template.metadata?.labels);
  w.line(1, "Containers:");
  for (const c of (template.spec?.containers as Json[] | undefined) ?? []) {
    w.line(1, ` ${String(c.name)}:`);
    w.line(2, `Image:\t${String(c.image)}`);
    const ports = (c.ports as Json[] | undefined) ?? [];
    w.line(2, `Port:\t${ports.length ? `${String(ports[0]!.containerPort)}/TCP` : "<none>"}`);
    w.line(2, `Host Port:\t${ports.length ? "0/TCP" : "<none>"}`);
    describeCommand(w, c);
    describeResources(w, c);
    w.line(2, "Environment:\t<none>");
    w.line(2, "Mounts:\t<none>");
  }
  w.line(1, "Volumes:\t<none>");
  w.line(1, "Node-Selectors:\t<none>");
  w.line(1, "Tolerations:\t<none>");
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
  const template = (s.template ?? {}) as PodTemplate;
  describePodTemplate(w, template);
  const conditions = (st.conditions as Json[] | undefined) ?? [];
  if (conditions.length > 0) {
    w.line(0, "Conditions:");
    w.line(1, "Type\tStatus\tReason");
    w.line(1, "----\t------\t------");
    for (const c of conditions) w.line(1, `${String(c.type)} \t${String(c.status)}\t${String(c.reason)}`);
  }
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

function formatQuantity(value: number, cpu: boolean): string {
  if (cpu) return value % 1000 === 0 ? String(value / 1000) : `${value}m`;
  for (const [unit, size] of [
    ["Gi", 1024 ** 3],
    ["Mi", 1024 ** 2],
    ["Ki", 1024],
  ] as const)
    if (value !== 0 && value % size === 0) return `${value / size}${unit}`;
  return String(value);
}

function describeNode(w: Writer, n: KubeObject, pods: KubeObject[], lease: KubeObject | undefined, nowMs: number): void {
  const st = status(n);
  w.line(0, `Name:\t${n.metadata.name}`);
  const roles = Object.keys(n.metadata.labels ?? {})
    .filter((l) => l.startsWith("node-role.kubernetes.io/"))
    .map((l) => l.slice(24));
  w.line(0, `Roles:\t${roles.join(",") || "<none>"}`);
  w.map(0, "Labels", n.metadata.labels);
  w.map(0, "Annotations", n.metadata.annotations);
  w.line(0, `CreationTimestamp:\t${rfc1123z(n.metadata.creationTimestamp)}`);
  // Sorted by "effect,key", as printTaintsMultilineWithIndent does.
  const taints = ((spec(n).taints as Json[] | undefined) ?? [])
    .map((t) => ({
      order: `${String(t.effect)},${String(t.key)}`,
      text: `${String(t.key)}${t.value ? `=${String(t.value)}` : ""}:${String(t.effect)}`,
    }))
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
    .map((t) => t.text);
  if (taints.length === 0) w.line(0, "Taints:\t<none>");
  taints.forEach((t, i) => w.line(0, i === 0 ? `Taints:\t${t}` : `\t${t}`));
  w.line(0, `Unschedulable:\t${spec(n).unschedulable === true}`);
  if (lease) {
    const ls = spec(lease);
    w.line(0, "Lease:");
    w.line(1, `HolderIdentity:\t${ls.holderIdentity ? String(ls.holderIdentity) : "<unset>"}`);
    w.line(1, `AcquireTime:\t${ls.acquireTime ? rfc1123z(String(ls.acquireTime)) : "<unset>"}`);
    w.line(1, `RenewTime:\t${ls.renewTime ? rfc1123z(String(ls.renewTime)) : "<unset>"}`);
  }
  // A time the object does not have prints as Go's zero time.
  const time = (t: unknown) => (t ? rfc1123z(String(t)) : "Mon, 01 Jan 0001 00:00:00 +0000");
  w.line(0, "Conditions:");
  w.line(1, "Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage");
  w.line(1, "----\t------\t-----------------\t------------------\t------\t-------");
  for (const c of (st.conditions as Json[] | undefined) ?? [])
    w.line(
      1,
      // kubectl writes each cell but the last with a trailing space ("%v \t").
      `${String(c.type)} \t${String(c.status)} \t${time(c.lastHeartbeatTime)} \t${time(c.lastTransitionTime)} \t${String(c.reason ?? "")} \t${String(c.message ?? "")}`,
    );
  w.line(0, "Addresses:");
  for (const a of (st.addresses as Json[] | undefined) ?? []) w.line(1, `${String(a.type)}:\t${String(a.address)}`);
  w.line(0, "Capacity:");
  for (const [k, v] of Object.entries((st.capacity ?? {}) as Record<string, string>)) w.line(1, `${k}:\t${v}`);
  w.line(0, "Allocatable:");
  const allocatable = (st.allocatable ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(allocatable)) w.line(1, `${k}:\t${v}`);
  const info = (st.nodeInfo ?? {}) as Json;
  w.line(0, "System Info:");
  for (const [title, field] of [
    ["Machine ID", "machineID"],
    ["System UUID", "systemUUID"],
    ["Boot ID", "bootID"],
    ["Kernel Version", "kernelVersion"],
    ["OS Image", "osImage"],
    ["Operating System", "operatingSystem"],
    ["Architecture", "architecture"],
    ["Container Runtime Version", "containerRuntimeVersion"],
    ["Kubelet Version", "kubeletVersion"],
    ["Kube-Proxy Version", "kubeProxyVersion"],
  ])
    w.line(1, `${title}:\t${String(info[field!] ?? "")}`);
  if (spec(n).podCIDR) w.line(0, `PodCIDR:\t${String(spec(n).podCIDR)}`);
  const cidrs = (spec(n).podCIDRs as string[] | undefined) ?? [];
  if (cidrs.length) w.line(0, `PodCIDRs:\t${cidrs.join(",")}`);
  const running = pods.filter(
    (p) => spec(p).nodeName === n.metadata.name && status(p).phase !== "Succeeded" && status(p).phase !== "Failed",
  );
  // Requests and limits per pod, as fractions of what the node can allocate.
  const sum = (p: KubeObject, kind: "requests" | "limits", resource: "cpu" | "memory") =>
    (((spec(p).containers as Json[] | undefined) ?? []) as Array<{ resources?: Record<string, Record<string, string>> }>).reduce(
      (t, c) => t + quantity(c.resources?.[kind]?.[resource], resource === "cpu"),
      0,
    );
  const capacity = { cpu: quantity(allocatable.cpu, true), memory: quantity(allocatable.memory, false) };
  const cell = (v: number, resource: "cpu" | "memory") =>
    `${formatQuantity(v, resource === "cpu")} (${capacity[resource] ? Math.trunc((v / capacity[resource]) * 100) : 0}%)`;
  w.line(0, `Non-terminated Pods:\t(${running.length} in total)`);
  // An empty column after Name ("\t\t"), as kubectl writes it.
  w.line(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge");
  w.line(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---");
  const totals = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const p of running) {
    const [cpuReq, cpuLim, memReq, memLim] = [
      sum(p, "requests", "cpu"),
      sum(p, "limits", "cpu"),
      sum(p, "requests", "memory"),
      sum(p, "limits", "memory"),
    ];
    totals.cpuReq += cpuReq;
    totals.cpuLim += cpuLim;
    totals.memReq += memReq;
    totals.memLim += memLim;
    const age = humanDuration(nowMs - (parseTimestamp(p.metadata.creationTimestamp) ?? nowMs));
    w.line(
      1,
      `${p.metadata.namespace}\t${p.metadata.name}\t\t${cell(cpuReq, "cpu")}\t${cell(cpuLim, "cpu")}\t${cell(memReq, "memory")}\t${cell(memLim, "memory")}\t${age}`,
    );
  }
  w.line(0, "Allocated resources:");
  w.line(1, "(Total limits may be over 100 percent, i.e., overcommitted.)");
  w.line(1, "Resource\tRequests\tLimits");
  w.line(1, "--------\t--------\t------");
  w.line(1, `cpu\t${cell(totals.cpuReq, "cpu")}\t${cell(totals.cpuLim, "cpu")}`);
  w.line(1, `memory\t${cell(totals.memReq, "memory")}\t${cell(totals.memLim, "memory")}`);
  w.line(1, "ephemeral-storage\t0 (0%)\t0 (0%)");
}

/** kubectl 1.32's formatEndpointSlices: address:port of the service port's endpoints, three at most. */
function formatEndpointSlices(slices: KubeObject[], portName: string): string {
  if (slices.length === 0) return "<none>";
  const list: string[] = [];
  let count = 0;
  for (const slice of slices) {
    const endpoints = (slice.endpoints as Array<{ addresses: string[] }> | undefined) ?? [];
    const ports = (slice.ports as Array<{ name?: string; port?: number }> | undefined) ?? [];
    const add = (text: string) => {
      if (list.length < 3) list.push(text);
      count++;
    };
    if (ports.length === 0) for (const e of endpoints) add(e.addresses[0]!);
    for (const sp of ports) if ((sp.name ?? "") === portName) for (const e of endpoints) add(`${e.addresses[0]}:${sp.port}`);
  }
  return count > 3 ? `${list.join(",")} + ${count - 3} more...` : list.join(",");
}

function describeService(w: Writer, svc: KubeObject, slices: KubeObject[]): void {
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
    if (p.nodePort) w.line(0, `NodePort:\t${String(p.name ?? "<unset>")}  ${String(p.nodePort)}/${String(p.protocol ?? "TCP")}`);
    w.line(0, `Endpoints:\t${formatEndpointSlices(slices, String(p.name ?? ""))}`);
  }
  w.line(0, `Session Affinity:\t${String(s.sessionAffinity ?? "None")}`);
  w.line(0, `Internal Traffic Policy:\t${String(s.internalTrafficPolicy ?? "Cluster")}`);
}

/** fatih/camelcase's Split: runs of lower case, upper case, digits and other characters; "HTTPServer" is HTTP + Server. */
function camelSplit(field: string): string[] {
  const kind = (c: string) => (/[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /[0-9]/.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of field) {
    const k = kind(c);
    if (k === last) runs[runs.length - 1]!.push(c);
    else runs.push([c]);
    last = k;
  }
  // An upper-case run followed by a lower-case one gives its last letter to it.
  for (let i = 0; i < runs.length - 1; i++) {
    if (kind(runs[i]![0]!) === 2 && kind(runs[i + 1]![0]!) === 1) runs[i + 1]!.unshift(runs[i]!.pop()!);
  }
  return runs.filter((r) => r.length > 0).map((r) => r.join(""));
}

/** describe's smartLabelFor: "repoURL" is "Repo URL", "leaseDurationSeconds" "Lease Duration Seconds". */
function smartLabel(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  return camelSplit(field)
    .filter((p) => p !== "_")
    .map((p) => (["API", "URL", "UID", "OSB", "GUID"].includes(p.toUpperCase()) ? p.toUpperCase() : p[0]!.toUpperCase() + p.slice(1)))
    .join(" ");
}

/** Go's %v of a JSON value: numbers as float64 (%g, so 1e+06), nil as <nil>. */
function goPrint(v: unknown): string {
  if (v === null || v === undefined) return "<nil>";
  if (typeof v === "number") {
    if (
      v !== 0 &&
      (Math.abs(v) >= 1e21 || Math.abs(v) < 1e-4 || (Number.isInteger(v) && Math.abs(v) >= 1e6 && String(Math.abs(v)).length > 6))
    ) {
      const [mantissa, exp] = v.toExponential().split("e");
      const e = Number(exp);
      return `${mantissa}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
    }
    return String(v);
  }
  return String(v);
}

/** printUnstructuredContent: fields in name order, maps as sections, lists item by item. */
function printUnstructured(w: Writer, level: number, content: Json, prefix: string, skip: string[]): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (skip.includes(path)) continue;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      w.line(level, `${smartLabel(field)}:`);
      printUnstructured(w, level + 1, value as Json, path, skip);
    } else if (Array.isArray(value)) {
      w.line(level, `${smartLabel(field)}:`);
      for (const child of value) {
        if (child !== null && typeof child === "object" && !Array.isArray(child))
          printUnstructured(w, level + 1, child as Json, path, skip);
        else w.line(level + 1, goPrint(child));
      }
    } else w.line(level, `${smartLabel(field)}:\t${goPrint(value)}`);
  }
}

/** Any kind without its own describer (custom resources included): genericDescriber. */
function describeGeneric(w: Writer, o: KubeObject): void {
  w.line(0, `Name:\t${o.metadata.name}`);
  w.line(0, `Namespace:\t${o.metadata.namespace ?? ""}`);
  w.map(0, "Labels", o.metadata.labels);
  w.map(0, "Annotations", o.metadata.annotations);
  printUnstructured(w, 0, o as Json, "", [
    ".metadata.managedFields",
    ".metadata.name",
    ".metadata.namespace",
    ".metadata.labels",
    ".metadata.annotations",
  ]);
}

function formatSelector(matchLabels: Record<string, string> | undefined): string {
  const keys = Object.keys(matchLabels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${matchLabels![k]}`).join(",") : "<none>";
}

function describeReplicaSet(w: Writer, rs: KubeObject, pods: KubeObject[]): void {
  const s = spec(rs);
  const matchLabels = (s.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
  w.line(0, `Name:\t${rs.metadata.name}`);
  w.line(0, `Namespace:\t${rs.metadata.namespace}`);
  w.line(0, `Selector:\t${formatSelector(matchLabels)}`);
  w.map(0, "Labels", rs.metadata.labels);
  w.map(0, "Annotations", rs.metadata.annotations);
  const owner = rs.metadata.ownerReferences?.find((r) => r.controller);
  if (owner) w.line(0, `Controlled By:\t${owner.kind}/${owner.name}`);
  w.line(0, `Replicas:\t${Number(status(rs).replicas ?? 0)} current / ${Number(s.replicas ?? 1)} desired`);
  const mine = pods.filter(
    (p) => p.metadata.namespace === rs.metadata.namespace && Object.entries(matchLabels).every(([k, v]) => p.metadata.labels?.[k] === v),
  );
  const phase = (name: string) => mine.filter((p) => status(p).phase === name).length;
  w.line(
    0,
    `Pods Status:\t${phase("Running")} Running / ${phase("Pending")} Waiting / ${phase("Succeeded")} Succeeded / ${phase("Failed")} Failed`,
  );
  describePodTemplate(w, (s.template ?? {}) as PodTemplate);
}

function describeConfigMap(w: Writer, cm: KubeObject): void {
  w.line(0, `Name:\t${cm.metadata.name}`);
  w.line(0, `Namespace:\t${cm.metadata.namespace}`);
  w.map(0, "Labels", cm.metadata.labels);
  w.map(0, "Annotations", cm.metadata.annotations);
  w.line(0, "\nData\n====");
  const data = (cm.data ?? {}) as Record<string, string>;
  for (const k of Object.keys(data).sort()) w.line(0, `${k}:\n----\n${data[k]}\n`);
  w.line(0, "\nBinaryData\n====");
  const binary = (cm.binaryData ?? {}) as Record<string, string>;
  for (const k of Object.keys(binary).sort()) w.line(0, `${k}: ${base64Length(binary[k]!)} bytes`);
  w.line(0, "");
}

const base64Length = (b64: string) => Math.floor((b64.replace(/=+$/, "").length * 3) / 4);

function describeSecret(w: Writer, secret: KubeObject): void {
  w.line(0, `Name:\t${secret.metadata.name}`);
  w.line(0, `Namespace:\t${secret.metadata.namespace}`);
  w.map(0, "Labels", secret.metadata.labels);
  w.map(0, "Annotations", secret.metadata.annotations);
  w.line(0, `\nType:\t${String(secret.type ?? "Opaque")}`);
  w.line(0, "\nData\n====");
  const data = (secret.data ?? {}) as Record<string, string>;
  for (const k of Object.keys(data).sort()) w.line(0, `${k}:\t${base64Length(data[k]!)} bytes`);
}

function describeEndpointSlice(w: Writer, eps: KubeObject): void {
  w.line(0, `Name:\t${eps.metadata.name}`);
  w.line(0, `Namespace:\t${eps.metadata.namespace}`);
  w.map(0, "Labels", eps.metadata.labels);
  w.map(0, "Annotations", eps.metadata.annotations);
  w.line(0, `AddressType:\t${String(eps.addressType ?? "")}`);
  const ports = (eps.ports as Array<{ name?: string; port?: number; protocol?: string }> | undefined) ?? [];
  if (ports.length === 0) w.line(0, "Ports: <unset>");
  else {
    w.line(0, "Ports:");
    w.line(1, "Name\tPort\tProtocol");
    w.line(1, "----\t----\t--------");
    for (const p of ports) w.line(1, `${p.name || "<unset>"}\t${p.port ?? "<unset>"}\t${p.protocol ?? "TCP"}`);
  }
  const endpoints = (eps.endpoints as Json[] | undefined) ?? [];
  if (endpoints.length === 0) w.line(0, "Endpoints: <none>");
  else {
    w.line(0, "Endpoints:");
    for (const e of endpoints) {
      w.line(1, `- Addresses:\t${((e.addresses as string[] | undefined) ?? []).join(", ") || "<none>"}`);
      w.line(2, "Conditions:");
      const ready = (e.conditions as { ready?: boolean } | undefined)?.ready;
      w.line(3, `Ready:\t${ready === undefined ? "<unset>" : String(ready)}`);
      w.line(2, `Hostname:\t${e.hostname === undefined ? "<unset>" : String(e.hostname)}`);
      const ref = e.targetRef as { kind?: string; name?: string } | undefined;
      if (ref) w.line(2, `TargetRef:\t${ref.kind}/${ref.name}`);
      w.line(2, `NodeName:\t${e.nodeName === undefined ? "<unset>" : String(e.nodeName)}`);
      w.line(2, `Zone:\t${e.zone === undefined ? "<unset>" : String(e.zone)}`);
    }
  }
}

function describeServiceAccount(w: Writer, sa: KubeObject): void {
  w.line(0, `Name:\t${sa.metadata.name}`);
  w.line(0, `Namespace:\t${sa.metadata.namespace}`);
  w.map(0, "Labels", sa.metadata.labels);
  w.map(0, "Annotations", sa.metadata.annotations);
  const names = (list: unknown) => ((list as Array<{ name?: string }> | undefined) ?? []).map((x) => x.name ?? "");
  const pull = names(sa.imagePullSecrets);
  const mountable = names(sa.secrets);
  w.line(0, `Image pull secrets:\t${pull.length ? pull.join(", ") : "<none>"}`);
  w.line(0, `Mountable secrets:\t${mountable.length ? mountable.join(", ") : "<none>"}`);
  w.line(0, "Tokens:\t<none>");
}

/** The describe text of one object, with the events that involve it. */
/**
 * `related`: the pods and Lease of a node, the pods of a ReplicaSet's namespace, the
 * ReplicaSets of a deployment's namespace, a service's EndpointSlices.
 */
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
      describeNode(
        w,
        o,
        related.filter((r) => r.kind === "Pod"),
        related.find((r) => r.kind === "Lease" && r.metadata.name === o.metadata.name),
        nowMs,
      );
      break;
    case "Service":
      describeService(
        w,
        o,
        related.filter((r) => r.kind === "EndpointSlice" && r.metadata.labels?.["kubernetes.io/service-name"] === o.metadata.name),
      );
      break;
    case "Namespace":
      w.line(0, `Name:\t${o.metadata.name}`);
      w.map(0, "Labels", o.metadata.labels);
      w.map(0, "Annotations", o.metadata.annotations);
      w.line(0, `Status:\t${String(status(o).phase ?? "")}`);
      return w.toString();
    case "ReplicaSet":
      describeReplicaSet(w, o, related);
      break;
    case "ConfigMap":
      describeConfigMap(w, o);
      break;
    case "Secret":
      describeSecret(w, o);
      return w.toString();
    case "EndpointSlice":
      describeEndpointSlice(w, o);
      break;
    case "ServiceAccount":
      describeServiceAccount(w, o);
      break;
    default:
      describeGeneric(w, o);
  }
  events(w, involving, nowMs);
  return w.toString();
}
