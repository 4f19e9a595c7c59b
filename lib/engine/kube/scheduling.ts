// The scheduler and the kubelets: what moves a pod from Pending to Running. Both watch the
// API server through informers; the scheduler binds a pending pod to the node with the
// fewest pods that it may run on, and the node's kubelet pulls the image and starts it,
// writing status and events the way the real ones do.

import { hashString } from "../sim/rng";
import { containerRun, goDuration, restartBackoffMs, type ContainerSpec } from "./containers";
import type { KubeApiServer } from "./apiserver";
import { rfc3339 } from "./apiserver";
import { Informer } from "./informer";
import type { KubeObject } from "./store";

type Json = Record<string, unknown>;
const spec = (o: KubeObject) => (o.spec ?? {}) as Json;
const status = (o: KubeObject) => (o.status ?? {}) as Json;

/** How long a kubelet takes to pull an image: 1 to 4 s, the same for the same image. */
export function pullTimeMs(image: string): number {
  return 1000 + (hashString(image) % 3000);
}

/**
 * A pod's conditions for its containers' statuses: Ready and ContainersReady follow them, each
 * keeping its transition time while its status stays.
 */
export function podConditions(statuses: Json[], previous: Json[] | undefined, now: string, phase?: string): Json[] {
  const unready = statuses.filter((c) => c.ready !== true).map((c) => String(c.name));
  const done = phase === "Succeeded" || phase === "Failed";
  const ready = unready.length === 0 && !done;
  const make = (type: string): Json => {
    const was = previous?.find((c) => c.type === type);
    const statusText = type === "Ready" || type === "ContainersReady" ? (ready ? "True" : "False") : String(was?.status ?? "True");
    const reason = statusText === "False" ? (done ? "PodCompleted" : "ContainersNotReady") : undefined;
    return {
      type,
      status: statusText,
      lastTransitionTime: was && was.status === statusText ? was.lastTransitionTime : now,
      ...(reason ? { reason } : {}),
      ...(reason === "ContainersNotReady" ? { message: `containers with unready status: [${unready.join(" ")}]` } : {}),
    };
  };
  return ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map(make);
}

const lastEventNanos = new WeakMap<KubeApiServer, bigint>();
/** Events recorded so far, by what makes two of them the same, to their names. */
const aggregated = new WeakMap<KubeApiServer, Map<string, string>>();

/** The node conditions a healthy kubelet posts (pressure conditions false, Ready true), as of `now`. */
export function kubeletNodeConditions(now: string): Json[] {
  const condition = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: now,
    lastTransitionTime: now,
    reason,
    message,
  });
  return [
    condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
    condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
    condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
    condition("Ready", "True", "KubeletReady", "kubelet is posting ready status"),
  ];
}

/** Records an event about an object, as client-go's event recorder does. */
export function recordEvent(
  api: KubeApiServer,
  obj: KubeObject,
  type: "Normal" | "Warning",
  reason: string,
  message: string,
  source: string,
): void {
  const now = api.now();
  const events = api.registry.resolve("events")!;
  const namespace = obj.metadata.namespace ?? "default";
  // client-go's EventCorrelator: the same event again about the same object bumps the first one's count.
  const seen = aggregated.get(api) ?? new Map<string, string>();
  aggregated.set(api, seen);
  const key = `${source}|${obj.metadata.uid}|${type}|${reason}|${message}`;
  const existing = seen.get(key);
  if (existing) {
    const bumped = api.modify(events, namespace, existing, (cur) => ({ ...cur, count: Number(cur.count ?? 1) + 1, lastTimestamp: now }));
    bumped.onSettle(() => {
      // Gone (its TTL ran out): a new event starts the count again.
      if (bumped.state === "error" && bumped.error!.code === 404) {
        seen.delete(key);
        recordEvent(api, obj, type, reason, message, source);
      }
    });
    return;
  }
  // client-go names an event "<object>.<UnixNano in hex>", so an object's events list in the order they happened.
  const nanos = BigInt(Math.floor(api.cluster.nowUnixMs * 1000)) * 1000n;
  const last = lastEventNanos.get(api) ?? 0n;
  const unique = nanos > last ? nanos : last + 1n;
  lastEventNanos.set(api, unique);
  const name = `${obj.metadata.name}.${unique.toString(16)}`;
  seen.set(key, name);
  api.create(events, {
    apiVersion: "v1",
    kind: "Event",
    metadata: { name, namespace },
    involvedObject: {
      apiVersion: obj.apiVersion,
      kind: obj.kind,
      name: obj.metadata.name,
      namespace: obj.metadata.namespace,
      uid: obj.metadata.uid,
    },
    reason,
    message,
    type,
    source: { component: source },
    count: 1,
    firstTimestamp: now,
    lastTimestamp: now,
    reportingComponent: source,
  });
}

/** v1helper's ToleratesTaint: a toleration matches a taint's effect (or all), and its key and value (or key alone with Exists). */
function tolerated(taint: Json, tolerations: Json[]): boolean {
  return tolerations.some(
    (tol) =>
      (!tol.effect || tol.effect === taint.effect) &&
      (tol.operator === "Exists" ? !tol.key || tol.key === taint.key : tol.key === taint.key && (tol.value ?? "") === (taint.value ?? "")),
  );
}

/** The first taint a pod does not tolerate among those that keep pods off a node (NoSchedule, NoExecute). */
function untoleratedTaint(pod: KubeObject, node: KubeObject): Json | undefined {
  const tolerations = (spec(pod).tolerations as Json[] | undefined) ?? [];
  return ((spec(node).taints as Json[] | undefined) ?? []).find(
    (t) => (t.effect === "NoSchedule" || t.effect === "NoExecute") && !tolerated(t, tolerations),
  );
}

/** CPU (millicores) and memory (bytes) quantities, as resource.Quantity reads them. */
export function quantity(q: unknown, cpu: boolean): number {
  const m = /^([0-9.]+)([a-zA-Z]*)$/.exec(String(q ?? "0"));
  if (!m) return 0;
  const units: Record<string, number> = {
    "": 1,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    m: 1e-3,
  };
  const value = Number(m[1]) * (units[m[2]!] ?? 1);
  return cpu ? Math.round(value * 1000) : Math.round(value);
}

/** A pod's requests: the sum over its containers. */
export function podRequests(pod: KubeObject): { cpu: number; memory: number } {
  const containers = (spec(pod).containers as Array<{ resources?: { requests?: Record<string, string> } }> | undefined) ?? [];
  return {
    cpu: containers.reduce((n, c) => n + quantity(c.resources?.requests?.cpu, true), 0),
    memory: containers.reduce((n, c) => n + quantity(c.resources?.requests?.memory, false), 0),
  };
}

export class Scheduler {
  readonly pods: Informer;
  readonly nodes: Informer;
  private inFlight = new Set<string>();
  /** Pods bound by this scheduler, by key, to the node chosen. */
  private assumed = new Map<string, string>();

  constructor(private readonly api: KubeApiServer) {
    this.nodes = new Informer(api, api.registry.resolve("nodes")!);
    this.nodes.onChange(() => this.retryPending());
    this.pods = new Informer(api, api.registry.resolve("pods")!);
    this.pods.onChange((type, pod) => {
      if (type === "DELETED" || spec(pod).nodeName) this.assumed.delete(Informer.key(pod));
      if (type !== "DELETED") this.consider(pod);
    });
  }

  start(): void {
    this.nodes.start();
    this.pods.start();
  }

  private retryPending(): void {
    for (const pod of this.pods.cache.values()) this.consider(pod);
  }

  private consider(pod: KubeObject): void {
    if (spec(pod).nodeName || pod.metadata.deletionTimestamp || !this.nodes.synced) return;
    const key = Informer.key(pod);
    if (this.inFlight.has(key)) return;
    const nodes = [...this.nodes.cache.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    // What is on each node: bound pods, and those this scheduler has bound but not yet seen bound (its assume cache).
    const used = new Map<string, { pods: number; cpu: number; memory: number }>();
    const add = (node: string, p: KubeObject) => {
      const u = used.get(node) ?? { pods: 0, cpu: 0, memory: 0 };
      const r = podRequests(p);
      used.set(node, { pods: u.pods + 1, cpu: u.cpu + r.cpu, memory: u.memory + r.memory });
    };
    for (const p of this.pods.cache.values()) {
      const phase = status(p).phase;
      if (spec(p).nodeName && phase !== "Succeeded" && phase !== "Failed") add(String(spec(p).nodeName), p);
    }
    for (const [k, node] of this.assumed) {
      const p = this.pods.cache.get(k);
      if (p && !spec(p).nodeName) add(node, p);
    }
    // The filters, as the scheduling framework runs them; each node fails with its reasons, or fits.
    const want = podRequests(pod);
    const reasons = new Map<string, { count: number; resolvable: boolean }>();
    const fail = (reason: string, resolvable: boolean) => {
      const r = reasons.get(reason) ?? { count: 0, resolvable };
      reasons.set(reason, { ...r, count: r.count + 1 });
    };
    const fits: KubeObject[] = [];
    for (const n of nodes) {
      if (spec(n).unschedulable) {
        fail("node(s) were unschedulable", false);
        continue;
      }
      const taint = untoleratedTaint(pod, n);
      if (taint) {
        fail(`node(s) had untolerated taint {${String(taint.key)}: ${String(taint.value ?? "")}}`, false);
        continue;
      }
      const allocatable = (status(n).allocatable ?? {}) as Record<string, string>;
      const u = used.get(n.metadata.name) ?? { pods: 0, cpu: 0, memory: 0 };
      const short: string[] = [];
      if (u.pods + 1 > Number(allocatable.pods ?? 110)) short.push("Too many pods");
      if (want.cpu > 0 && u.cpu + want.cpu > quantity(allocatable.cpu, true)) short.push("Insufficient cpu");
      if (want.memory > 0 && u.memory + want.memory > quantity(allocatable.memory, false)) short.push("Insufficient memory");
      for (const r of short) fail(r, true);
      if (short.length === 0) fits.push(n);
    }
    if (fits.length === 0) {
      // FitError's message: the reasons by count, sorted, then what preemption found.
      const histogram = [...reasons].map(([r, { count }]) => `${count} ${r}`).sort();
      const unresolvable = nodes.filter((n) => spec(n).unschedulable || untoleratedTaint(pod, n)).length;
      const preemption = [
        ...(unresolvable ? [`${unresolvable} Preemption is not helpful for scheduling`] : []),
        ...(nodes.length - unresolvable ? [`${nodes.length - unresolvable} No preemption victims found for incoming pod`] : []),
      ].sort();
      recordEvent(
        this.api,
        pod,
        "Warning",
        "FailedScheduling",
        `0/${nodes.length} nodes are available: ${histogram.join(", ")}. preemption: 0/${nodes.length} nodes are available: ${preemption.join(", ")}.`,
        "default-scheduler",
      );
      return;
    }
    // Spread: the node with the fewest pods, then the lowest name.
    const load = (n: KubeObject) => used.get(n.metadata.name)?.pods ?? 0;
    const node = fits.reduce((best, n) => (load(n) < load(best) ? n : best));
    this.inFlight.add(key);
    this.assumed.set(key, node.metadata.name);
    const bind = this.api.modify(this.api.registry.resolve("pods")!, pod.metadata.namespace, pod.metadata.name, (cur) => ({
      ...cur,
      spec: { ...spec(cur), nodeName: node.metadata.name },
      status: { ...status(cur), conditions: [{ type: "PodScheduled", status: "True", lastTransitionTime: this.api.now() }] },
    }));
    bind.onSettle(() => {
      this.inFlight.delete(key);
      if (bind.state === "ok") {
        recordEvent(this.api, pod, "Normal", "Scheduled", `Successfully assigned ${key} to ${node.metadata.name}`, "default-scheduler");
        return;
      }
      // A binding that failed (etcd unavailable, a timeout) is forgotten and the pod goes back to the queue.
      this.assumed.delete(key);
      if (bind.error!.code === 404) return;
      this.api.cluster.at(this.api.cluster.nowMs + BIND_RETRY_MS, () => {
        const current = this.pods.cache.get(key);
        if (current) this.consider(current);
      });
    });
  }
}

/** The kubelet renews its node's Lease this often (a quarter of the 40 s lease). */
export const NODE_LEASE_RENEW_MS = 10_000;
export const NODE_LEASE_DURATION_S = 40;
const NODE_LEASE_RETRY_MS = 1_000;
/** The scheduler's initial back-off for a pod whose binding failed. */
const BIND_RETRY_MS = 1_000;
/** The kubelet's status manager syncs every 10 s: a status write that failed is tried again then. */
const STATUS_RETRY_MS = 10_000;
/** A container stops this long after SIGTERM, in the simulation. */
const CONTAINER_STOP_MS = 800;

/** metav1.MicroTime, as Lease renew times are written. */
export function microTime(unixMs: number): string {
  return `${rfc3339(unixMs).slice(0, -1)}.${String(Math.floor(unixMs % 1000) * 1000).padStart(6, "0")}Z`;
}

export class Kubelet {
  private started = new Set<string>();
  private stopping = new Set<string>();
  /** The status manager's pending writes per pod: applied in order, each retried until it lands. */
  private statusQueues = new Map<string, Array<(current: KubeObject) => KubeObject>>();
  private podSeq = 0;
  /** False while the node is down: no heartbeats, no work. */
  running = true;
  private heartbeatEpoch = 0;
  /** The node's Lease as this kubelet last wrote it: the next renewal updates it without a read (its lease controller's latestLease). */
  private lease: KubeObject | undefined;

  constructor(
    private readonly api: KubeApiServer,
    readonly nodeName: string,
    private readonly podCidrIndex: number,
    private readonly pods: Informer,
    /** Nodes as the API server's cache has them: what the kubelet reads its own Node from. */
    private readonly nodes: Informer,
  ) {
    pods.onChange((type, pod) => {
      if (type !== "DELETED") this.consider(pod);
    });
    this.heartbeat(++this.heartbeatEpoch);
  }

  /** The node goes down (power off): its containers are gone, it stops reporting. */
  stop(): void {
    this.running = false;
    this.heartbeatEpoch++;
    this.started.clear();
    this.stopping.clear();
    this.statusQueues.clear();
  }

  /**
   * Writes a pod's status as the kubelet's status manager does: one pod's changes land in the
   * order they were made, and a write the API server could not take (etcd without quorum, a
   * timeout) is retried at the next sync, so the API catches up with what runs on the node.
   */
  private writeStatus(pod: KubeObject, change: (current: KubeObject) => KubeObject): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}`;
    const queue = this.statusQueues.get(key);
    if (queue) {
      queue.push(change);
      return;
    }
    this.statusQueues.set(key, [change]);
    this.syncStatus(key, pod.metadata.namespace, pod.metadata.name, pod.metadata.uid, this.heartbeatEpoch);
  }

  private syncStatus(key: string, namespace: string | undefined, name: string, uid: string | undefined, epoch: number): void {
    const queue = this.statusQueues.get(key);
    if (!queue || epoch !== this.heartbeatEpoch) return;
    if (queue.length === 0) {
      this.statusQueues.delete(key);
      return;
    }
    // Only the pod this kubelet runs: one deleted and created again under its name is another pod.
    const change = queue[0]!;
    const write = this.api.modify(this.api.registry.resolve("pods")!, namespace, name, (cur) =>
      cur.metadata.uid === uid ? change(cur) : cur,
    );
    write.onSettle(() => {
      if (write.state === "error" && write.error!.code !== 404) {
        this.api.cluster.at(this.api.cluster.nowMs + STATUS_RETRY_MS, () => this.syncStatus(key, namespace, name, uid, epoch));
        return;
      }
      if (write.state === "error") queue.length = 0;
      else queue.shift();
      this.syncStatus(key, namespace, name, uid, epoch);
    });
  }

  /** The node comes back: it reports Ready and starts the pods bound to it again. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.lease = undefined;
    this.heartbeat(++this.heartbeatEpoch);
    const nodes = this.api.registry.resolve("nodes")!;
    this.api.modify(nodes, undefined, this.nodeName, (cur) => ({
      ...cur,
      status: {
        ...status(cur),
        conditions: kubeletNodeConditions(this.api.now()),
      },
    }));
    for (const pod of this.pods.cache.values()) {
      // Containers died with the node: a restarted kubelet starts its pods afresh.
      if (spec(pod).nodeName === this.nodeName && status(pod).phase === "Running" && !pod.metadata.deletionTimestamp) this.restartPod(pod);
      else this.consider(pod);
    }
  }

  /** Renews the node's Lease in kube-node-lease every 10 s (each renewal is an etcd write). */
  private heartbeat(epoch: number): void {
    if (!this.running || epoch !== this.heartbeatEpoch) return;
    const leases = this.api.registry.resolve("leases")!;
    const renew = microTime(this.api.cluster.nowUnixMs);
    const update = this.api.modify(
      leases,
      "kube-node-lease",
      this.nodeName,
      (cur) => ({ ...cur, spec: { ...spec(cur), renewTime: renew } }),
      this.lease,
    );
    update.onSettle(() => {
      this.lease = update.value;
      if (update.state === "error" && update.error!.code === 404) {
        this.api.create(leases, {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name: this.nodeName, namespace: "kube-node-lease" },
          spec: { holderIdentity: this.nodeName, leaseDurationSeconds: NODE_LEASE_DURATION_S, renewTime: renew },
        });
      }
      // A failed renewal is retried soon (the kubelet backs off from 200 ms up to 7 s).
      const next = update.state === "error" && update.error!.code !== 404 ? NODE_LEASE_RETRY_MS : NODE_LEASE_RENEW_MS;
      this.api.cluster.at(this.api.cluster.nowMs + next, () => this.heartbeat(epoch));
      if (update.state === "ok") this.reportReady();
    });
  }

  /**
   * The kubelet keeps the API's view of its node and pods in line with its own: if the node
   * lifecycle controller marked them not ready while it could not report (an etcd outage, a
   * network cut), it reports them ready again.
   */
  private reportReady(): void {
    const api = this.api;
    const nodes = api.registry.resolve("nodes")!;
    // tryUpdateNodeStatus reads the Node from the API server's cache (resourceVersion "0"), not
    // from etcd: here, the node informer the kubelets share.
    const node = this.nodes.cache.get(this.nodeName);
    if (!node || !this.running) return;
    const ready = ((status(node).conditions as Json[] | undefined) ?? []).find((c) => c.type === "Ready");
    if (ready?.status === "True") return;
    const now = api.now();
    api.modify(
      nodes,
      undefined,
      this.nodeName,
      (cur) => ({ ...cur, status: { ...status(cur), conditions: kubeletNodeConditions(now) } }),
      node,
    );
    for (const pod of this.pods.cache.values()) {
      if (spec(pod).nodeName !== this.nodeName || status(pod).phase !== "Running" || pod.metadata.deletionTimestamp) continue;
      this.writeStatus(pod, (cur) => {
        // Containers that are running are ready again; a crash-looping one stays as it is.
        const statuses = ((status(cur).containerStatuses as Json[] | undefined) ?? []).map((c) =>
          (c.state as Json | undefined)?.running ? { ...c, ready: true } : c,
        );
        return {
          ...cur,
          status: {
            ...status(cur),
            conditions: podConditions(statuses, status(cur).conditions as Json[] | undefined, now),
            containerStatuses: statuses,
          },
        };
      });
    }
  }

  private restartPod(pod: KubeObject): void {
    this.writeStatus(pod, (cur) => ({
      ...cur,
      status: {
        ...status(cur),
        phase: "Pending",
        containerStatuses: undefined,
        conditions: ((status(cur).conditions as Json[] | undefined) ?? []).filter((c) => c.type === "PodScheduled"),
      },
    }));
  }

  /** Starts the pods bound to this node that it has not started yet, and stops those being deleted. */
  consider(pod: KubeObject): void {
    if (!this.running || spec(pod).nodeName !== this.nodeName) return;
    if (pod.metadata.deletionTimestamp) return this.terminate(pod);
    const key = `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}`;
    if (this.started.has(key) || status(pod).phase === "Running") return;
    this.started.add(key);
    const containers = (spec(pod).containers as Json[] | undefined) ?? [];
    const waiting = containers.map((c) => ({
      name: c.name,
      image: c.image,
      imageID: "",
      ready: false,
      restartCount: 0,
      started: false,
      state: { waiting: { reason: "ContainerCreating" } },
    }));
    this.writeStatus(pod, (cur) => ({
      ...cur,
      status: { ...status(cur), phase: "Pending", hostIP: this.hostIP(), startTime: this.api.now(), containerStatuses: waiting },
    }));
    const image = String(containers[0]?.image ?? "");
    recordEvent(this.api, pod, "Normal", "Pulling", `Pulling image "${image}"`, "kubelet");
    const pullMs = pullTimeMs(image);
    const epoch = this.heartbeatEpoch;
    this.api.cluster.at(this.api.cluster.nowMs + pullMs, () => {
      if (epoch !== this.heartbeatEpoch || !this.started.has(key)) return;
      recordEvent(
        this.api,
        pod,
        "Normal",
        "Pulled",
        `Successfully pulled image "${image}" in ${(pullMs / 1000).toFixed(3)}s (${(pullMs / 1000).toFixed(3)}s including waiting). Image size: 72195292 bytes.`,
        "kubelet",
      );
      for (const c of containers) {
        recordEvent(this.api, pod, "Normal", "Created", `Created container ${c.name}`, "kubelet");
        recordEvent(this.api, pod, "Normal", "Started", `Started container ${c.name}`, "kubelet");
      }
      const now = this.api.now();
      const podIP = `10.244.${this.podCidrIndex}.${++this.podSeq + 1}`;
      const statuses = containers.map((c) => this.runningStatus(key, c as unknown as ContainerSpec, 0, now));
      this.writeStatus(pod, (cur) => ({
        ...cur,
        status: {
          ...status(cur),
          phase: "Running",
          podIP,
          podIPs: [{ ip: podIP }],
          conditions: podConditions(statuses, undefined, now),
          containerStatuses: statuses,
        },
      }));
      for (const c of containers) this.followExit(pod, key, c as unknown as ContainerSpec, 0, now, epoch);
    });
  }

  /** A started container's status: running since `now`, ready, with its restarts so far. */
  private runningStatus(key: string, c: ContainerSpec, restarts: number, now: string, lastState?: Json): Json {
    return {
      name: c.name,
      image: c.image,
      imageID: `docker.io/library/${String(c.image).split(":")[0]}@sha256:${(hashString(String(c.image)) >>> 0).toString(16).padStart(8, "0").repeat(8)}`,
      containerID: `containerd://${(hashString(`${key}/${c.name}/${restarts}`) >>> 0).toString(16).padStart(8, "0").repeat(8)}`,
      ...(lastState ? { lastState } : {}),
      ready: true,
      restartCount: restarts,
      started: true,
      state: { running: { startedAt: now } },
    };
  }

  /** Changes one container's status and the pod's readiness with it. */
  private updateContainer(pod: KubeObject, name: string, change: (c: Json) => Json, phase?: string): void {
    const now = this.api.now();
    this.writeStatus(pod, (cur) => {
      const statuses = ((status(cur).containerStatuses as Json[] | undefined) ?? []).map((c) => (c.name === name ? change(c) : c));
      return {
        ...cur,
        status: {
          ...status(cur),
          ...(phase ? { phase } : {}),
          conditions: podConditions(statuses, status(cur).conditions as Json[] | undefined, now, phase),
          containerStatuses: statuses,
        },
      };
    });
  }

  /** When a container's process ends: restarted after the kubelet's back-off, or left terminated as its restart policy says. */
  private followExit(pod: KubeObject, key: string, c: ContainerSpec, restarts: number, startedAt: string, epoch: number): void {
    const run = containerRun(c);
    if (!run) return;
    this.api.cluster.at(this.api.cluster.nowMs + run.ms, () => {
      if (epoch !== this.heartbeatEpoch || !this.started.has(key) || this.stopping.has(key)) return;
      const now = this.api.now();
      const terminated = {
        terminated: {
          exitCode: run.exitCode,
          reason: run.exitCode === 0 ? "Completed" : "Error",
          startedAt,
          finishedAt: now,
          containerID: `containerd://${(hashString(`${key}/${c.name}/${restarts}`) >>> 0).toString(16).padStart(8, "0").repeat(8)}`,
        },
      };
      const policy = String(spec(pod).restartPolicy ?? "Always");
      if (policy === "Never" || (policy === "OnFailure" && run.exitCode === 0)) {
        this.updateContainer(
          pod,
          c.name,
          (cs) => ({ ...cs, ready: false, started: false, state: terminated }),
          run.exitCode === 0 ? "Succeeded" : "Failed",
        );
        return;
      }
      const backoff = restartBackoffMs(restarts + 1);
      const podRef = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
      if (backoff === 0) this.updateContainer(pod, c.name, (cs) => ({ ...cs, ready: false, started: false, state: terminated }));
      else {
        this.updateContainer(pod, c.name, (cs) => ({
          ...cs,
          ready: false,
          started: false,
          lastState: terminated,
          state: {
            waiting: {
              reason: "CrashLoopBackOff",
              message: `back-off ${goDuration(backoff)} restarting failed container=${c.name} pod=${podRef}`,
            },
          },
        }));
        recordEvent(this.api, pod, "Warning", "BackOff", `Back-off restarting failed container ${c.name} in pod ${podRef}`, "kubelet");
      }
      // The first restart follows at once (the kubelet's next sync); the later ones wait out the back-off.
      this.api.cluster.at(this.api.cluster.nowMs + Math.max(backoff, 1000), () => {
        if (epoch !== this.heartbeatEpoch || !this.started.has(key) || this.stopping.has(key)) return;
        const again = this.api.now();
        recordEvent(this.api, pod, "Normal", "Pulled", `Container image "${c.image}" already present on machine`, "kubelet");
        recordEvent(this.api, pod, "Normal", "Created", `Created container ${c.name}`, "kubelet");
        recordEvent(this.api, pod, "Normal", "Started", `Started container ${c.name}`, "kubelet");
        this.updateContainer(pod, c.name, () => this.runningStatus(key, c, restarts + 1, again, terminated));
        this.followExit(pod, key, c, restarts + 1, again, epoch);
      });
    });
  }

  /** SIGTERM, the container stops, then the kubelet removes the pod for good (grace period 0). */
  private terminate(pod: KubeObject): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}/${pod.metadata.uid}`;
    if (this.stopping.has(key)) return;
    this.stopping.add(key);
    recordEvent(
      this.api,
      pod,
      "Normal",
      "Killing",
      `Stopping container ${String(((spec(pod).containers as Json[] | undefined) ?? [])[0]?.name ?? "")}`,
      "kubelet",
    );
    const epoch = this.heartbeatEpoch;
    const remove = () => {
      if (epoch !== this.heartbeatEpoch) return;
      const done = this.api.delete(this.api.registry.resolve("pods")!, pod.metadata.namespace, pod.metadata.name, 0);
      done.onSettle(() => {
        // The container has stopped; removing the pod from the API waits, like any status, for the API to take it.
        if (done.state === "error" && done.error!.code !== 404) {
          this.api.cluster.at(this.api.cluster.nowMs + STATUS_RETRY_MS, remove);
          return;
        }
        this.stopping.delete(key);
        this.started.delete(key);
      });
    };
    this.api.cluster.at(this.api.cluster.nowMs + CONTAINER_STOP_MS, remove);
  }

  private hostIP(): string {
    return `172.18.0.${this.podCidrIndex + 2}`;
  }
}

/** Starts the scheduler and a kubelet per node; the kubelets share the scheduler's pod and node informers. */
export function startNodeComponents(api: KubeApiServer, nodeNames: readonly string[]): { scheduler: Scheduler; kubelets: Kubelet[] } {
  const scheduler = new Scheduler(api);
  const kubelets = nodeNames.map((name, i) => new Kubelet(api, name, i, scheduler.pods, scheduler.nodes));
  scheduler.start();
  return { scheduler, kubelets };
}
