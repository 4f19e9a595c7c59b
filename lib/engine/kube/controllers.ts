// kube-controller-manager's controllers that a lesson about etcd needs: ReplicaSets keep
// their pod count, Deployments roll out through ReplicaSets (surge and unavailability
// bounds, revisions), and the garbage collector deletes what lost its owner. Each
// reconciles from its informers' caches and writes only through the API server.

import { parseUtc } from "../sim/calendar";
import { hashString } from "../sim/rng";
import { suffix, type KubeApiServer } from "./apiserver";
import type { Pending, Waitable } from "../etcd/pending";
import type { KubeError } from "./errors";
import { Informer } from "./informer";
import { microTime, recordEvent } from "./scheduling";
import type { KubeObject, Task } from "./store";

/** Waits for a request; its value, or undefined if it failed (the next reconcile tries again). */
function* settled<T>(p: Pending<T, KubeError>): Generator<Waitable, T | undefined, unknown> {
  if (!p.settled) yield p;
  return p.state === "ok" ? p.value : undefined;
}

type Json = Record<string, unknown>;
const spec = (o: KubeObject) => (o.spec ?? {}) as Json;
const status = (o: KubeObject) => (o.status ?? {}) as Json;

export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";

function controllerOf(o: KubeObject): string | undefined {
  return o.metadata.ownerReferences?.find((r) => r.controller)?.uid;
}

function ownerRef(owner: KubeObject): NonNullable<KubeObject["metadata"]["ownerReferences"]>[number] {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function isReady(pod: KubeObject): boolean {
  return ((status(pod).conditions as Json[] | undefined) ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/** Runs `reconcile(key)` for a key at most once at a time, again if it changed meanwhile (a work queue). */
class WorkQueue {
  private running = new Set<string>();
  private dirty = new Set<string>();

  constructor(private readonly reconcile: (key: string) => { onSettle(f: () => void): void } | undefined) {}

  add(key: string): void {
    if (this.running.has(key)) {
      this.dirty.add(key);
      return;
    }
    const p = this.reconcile(key);
    if (!p) return;
    this.running.add(key);
    p.onSettle(() => {
      this.running.delete(key);
      if (this.dirty.delete(key)) this.add(key);
    });
  }
}

export class ReplicaSetController {
  readonly replicaSets: Informer;
  readonly pods: Informer;
  private readonly queue: WorkQueue;
  /** Pods created and not yet seen in the cache, by ReplicaSet uid (client-go's expectations). */
  private expecting = new Map<string, Set<string>>();
  /** How many pods each ReplicaSet (by uid) has created. */
  private made = new Map<string, number>();

  constructor(private readonly api: KubeApiServer) {
    this.replicaSets = new Informer(api, api.registry.resolve("replicasets")!);
    this.pods = new Informer(api, api.registry.resolve("pods")!);
    this.queue = new WorkQueue((key) => this.reconcile(key));
    this.replicaSets.onChange((type, rs) => type !== "DELETED" && this.queue.add(Informer.key(rs)));
    this.pods.onChange((_type, pod) => {
      const owner = controllerOf(pod);
      if (!owner) return;
      this.expecting.get(owner)?.delete(pod.metadata.name);
      for (const rs of this.replicaSets.cache.values()) if (rs.metadata.uid === owner) this.queue.add(Informer.key(rs));
    });
  }

  start(): void {
    this.pods.start();
    this.replicaSets.start();
  }

  private reconcile(key: string) {
    const rs = this.replicaSets.cache.get(key);
    if (!rs || !this.pods.synced) return undefined;
    return this.api.run(this.sync(rs));
  }

  private *sync(rs: KubeObject) {
    const api = this.api;
    const podsType = api.registry.resolve("pods")!;
    const uid = rs.metadata.uid!;
    const owned = [...this.pods.cache.values()].filter((p) => controllerOf(p) === uid && !p.metadata.deletionTimestamp);
    const expecting = this.expecting.get(uid) ?? new Set<string>();
    this.expecting.set(uid, expecting);
    const want = Number(spec(rs).replicas ?? 1);
    const have = owned.length + expecting.size;
    const template = (spec(rs).template ?? {}) as { metadata?: Json; spec?: Json };
    for (let i = have; i < want; i++) {
      // From the ReplicaSet and how many pods it has made, not the clock: a replay makes the same names.
      const made = (this.made.get(uid) ?? 0) + 1;
      this.made.set(uid, made);
      const name = `${rs.metadata.name}-${suffix(hashString(`${uid}/${made}`))}`;
      expecting.add(name);
      const created = api.create(podsType, {
        apiVersion: "v1",
        kind: "Pod",
        metadata: { ...(template.metadata ?? {}), name, namespace: rs.metadata.namespace, ownerReferences: [ownerRef(rs)] },
        spec: template.spec ?? {},
      });
      created.onSettle(() => created.state === "error" && expecting.delete(name));
    }
    if (have > want) {
      // Not-ready pods go first, then the newest (the ReplicaSet controller's ranking, simplified).
      const victims = [...owned]
        .sort(
          (a, b) =>
            Number(isReady(a)) - Number(isReady(b)) ||
            ((b.metadata.creationTimestamp ?? "") < (a.metadata.creationTimestamp ?? "") ? -1 : 1),
        )
        .slice(0, have - want);
      for (const pod of victims) api.delete(podsType, pod.metadata.namespace, pod.metadata.name);
    }
    const ready = owned.filter(isReady).length;
    const next = {
      replicas: owned.length,
      fullyLabeledReplicas: owned.length,
      readyReplicas: ready,
      availableReplicas: ready,
      observedGeneration: rs.metadata.generation,
    };
    const before = status(rs);
    if (JSON.stringify({ ...before, ...next }) !== JSON.stringify(before)) {
      yield* settled(
        api.modify(api.registry.resolve("replicasets")!, rs.metadata.namespace, rs.metadata.name, (cur) => ({
          ...cur,
          status: { ...status(cur), ...next },
        })),
      );
    }
  }
}

/** The pod-template-hash of a Deployment's template: ten characters, as the controller names ReplicaSets. */
export function podTemplateHash(template: unknown): string {
  return suffix(hashString(canonicalJson(template)), 10);
}

/** JSON with every object's keys sorted: the same template hashes the same however a client ordered it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object")
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  return JSON.stringify(value) ?? "null";
}

interface DeploymentCondition {
  type: "Available" | "Progressing";
  status: "True" | "False";
  lastUpdateTime: string;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

function condition(
  type: DeploymentCondition["type"],
  conditionStatus: DeploymentCondition["status"],
  reason: string,
  message: string,
  now: string,
): DeploymentCondition {
  return { type, status: conditionStatus, lastUpdateTime: now, lastTransitionTime: now, reason, message };
}

/**
 * deploymentutil.SetDeploymentCondition: nothing changes for the same status and reason; the
 * transition time stays while the status does; the condition moves to the end of the list.
 */
function setCondition(conditions: DeploymentCondition[], c: DeploymentCondition): DeploymentCondition[] {
  const current = conditions.find((x) => x.type === c.type);
  if (current && current.status === c.status && current.reason === c.reason) return conditions;
  const next = current && current.status === c.status ? { ...c, lastTransitionTime: current.lastTransitionTime } : c;
  return [...conditions.filter((x) => x.type !== c.type), next];
}

/** The Available and Progressing conditions as the deployment controller's calculateStatus and syncRolloutStatus set them. */
function rolloutConditions(
  conditions: DeploymentCondition[],
  old: Json,
  next: Json,
  d: { replicas: number; maxUnavailable: number; generation: number; newRs: string },
  now: string,
): DeploymentCondition[] {
  const n = (v: unknown) => Number(v ?? 0);
  let out = setCondition(
    conditions,
    n(next.availableReplicas) >= d.replicas - d.maxUnavailable
      ? condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now)
      : condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability.", now),
  );
  const current = out.find((c) => c.type === "Progressing");
  const complete = n(next.replicas) === n(next.updatedReplicas) && current?.reason === "NewReplicaSetAvailable";
  if (complete) return out;
  const done =
    n(next.updatedReplicas) === d.replicas &&
    n(next.replicas) === d.replicas &&
    n(next.availableReplicas) === d.replicas &&
    n(next.observedGeneration) >= d.generation;
  const oldReplicas = (s: Json) => n(s.replicas) - n(s.updatedReplicas);
  const progressed =
    n(next.updatedReplicas) > n(old.updatedReplicas) ||
    n(next.readyReplicas) > n(old.readyReplicas) ||
    n(next.availableReplicas) > n(old.availableReplicas) ||
    oldReplicas(next) < oldReplicas(old);
  if (done)
    out = setCondition(
      out,
      condition("Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${d.newRs}" has successfully progressed.`, now),
    );
  else if (progressed) {
    // Progress renews the condition's update time even with the same reason.
    const c = condition("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${d.newRs}" is progressing.`, now);
    out = [
      ...out.filter((x) => x.type !== "Progressing"),
      current?.status === "True" ? { ...c, lastTransitionTime: current.lastTransitionTime } : c,
    ];
  }
  return out;
}

function percent(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === "number") return value;
  const m = /^(\d+)%$/.exec(String(value ?? "25%"));
  const n = ((m ? Number(m[1]) : 25) * total) / 100;
  return roundUp ? Math.ceil(n) : Math.floor(n);
}

export class DeploymentController {
  readonly deployments: Informer;
  readonly replicaSets: Informer;
  private readonly queue: WorkQueue;
  /** The resourceVersion of this controller's last write to each ReplicaSet (by uid). */
  readonly written = new Map<string, number>();

  constructor(private readonly api: KubeApiServer) {
    this.deployments = new Informer(api, api.registry.resolve("deployments")!);
    this.replicaSets = new Informer(api, api.registry.resolve("replicasets")!);
    this.queue = new WorkQueue((key) => this.reconcile(key));
    this.deployments.onChange((type, d) => type !== "DELETED" && this.queue.add(Informer.key(d)));
    this.replicaSets.onChange((_type, rs) => {
      const owner = controllerOf(rs);
      for (const d of this.deployments.cache.values()) if (d.metadata.uid === owner) this.queue.add(Informer.key(d));
    });
  }

  start(): void {
    this.replicaSets.start();
    this.deployments.start();
  }

  private reconcile(key: string) {
    const d = this.deployments.cache.get(key);
    if (!d || !this.replicaSets.synced) return undefined;
    return this.api.run(this.sync(d));
  }

  private *sync(d: KubeObject) {
    const api = this.api;
    const rsType = api.registry.resolve("replicasets")!;
    const replicas = Number(spec(d).replicas ?? 1);
    const template = spec(d).template as { metadata?: { labels?: Record<string, string> }; spec?: Json };
    const hash = podTemplateHash(template);
    const owned = [...this.replicaSets.cache.values()].filter((rs) => controllerOf(rs) === d.metadata.uid);
    // Until the cache shows this controller's own last writes, deciding again would act twice on stale counts;
    // the writes' arrival queues the deployment again.
    if (owned.some((rs) => Number(rs.metadata.resourceVersion) < (this.written.get(rs.metadata.uid!) ?? 0))) return;
    let newRs = owned.find((rs) => rs.metadata.labels?.["pod-template-hash"] === hash);
    const old = owned.filter((rs) => rs !== newRs);
    const revisions = owned.map((rs) => Number(rs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0));
    if (!newRs) {
      const revision = String(Math.max(0, ...revisions) + 1);
      const labels = { ...(template.metadata?.labels ?? {}), "pod-template-hash": hash };
      const created = yield* settled(
        api.create(rsType, {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          metadata: {
            name: `${d.metadata.name}-${hash}`,
            namespace: d.metadata.namespace,
            labels,
            annotations: { [REVISION_ANNOTATION]: revision, "deployment.kubernetes.io/desired-replicas": String(replicas) },
            ownerReferences: [ownerRef(d)],
          },
          spec: {
            replicas: old.length === 0 ? replicas : 0,
            selector: { matchLabels: { ...((spec(d).selector as { matchLabels?: Json })?.matchLabels ?? {}), "pod-template-hash": hash } },
            template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
          },
        }),
      );
      if (!created) return;
      const initial = Number(spec(created).replicas ?? 0);
      if (initial > 0)
        recordEvent(
          api,
          d,
          "Normal",
          "ScalingReplicaSet",
          `Scaled up replica set ${created.metadata.name} from 0 to ${initial}`,
          "deployment-controller",
        );
      newRs = created;
      const now = api.now();
      api.modify(api.registry.resolve("deployments")!, d.metadata.namespace, d.metadata.name, (cur) => ({
        ...cur,
        metadata: { ...cur.metadata, annotations: { ...cur.metadata.annotations, [REVISION_ANNOTATION]: revision } },
        status: {
          ...status(cur),
          conditions: setCondition(
            (status(cur).conditions as DeploymentCondition[] | undefined) ?? [],
            condition("Progressing", "True", "NewReplicaSetCreated", `Created new replica set "${created.metadata.name}"`, now),
          ),
        },
      }));
      return; // the new ReplicaSet's arrival in the cache runs the next step
    }
    // Rolling back to an older template reuses its ReplicaSet, which becomes the newest revision.
    const maxRevision = Math.max(0, ...revisions);
    const newRevision = Number(newRs.metadata.annotations?.[REVISION_ANNOTATION] ?? 0);
    if (newRevision < maxRevision) {
      const revision = String(maxRevision + 1);
      const bump = (cur: KubeObject): KubeObject => ({
        ...cur,
        metadata: { ...cur.metadata, annotations: { ...cur.metadata.annotations, [REVISION_ANNOTATION]: revision } },
      });
      yield* settled(api.modify(rsType, newRs.metadata.namespace, newRs.metadata.name, bump));
      const found = condition("Progressing", "True", "FoundNewReplicaSet", `Found new replica set "${newRs.metadata.name}"`, api.now());
      yield* settled(
        api.modify(api.registry.resolve("deployments")!, d.metadata.namespace, d.metadata.name, (cur) => {
          const bumped = bump(cur);
          const conditions = setCondition((status(cur).conditions as DeploymentCondition[] | undefined) ?? [], found);
          return { ...bumped, status: { ...status(cur), conditions } };
        }),
      );
      return; // the ReplicaSet's update runs the next step
    }
    // Rolling update: grow the new ReplicaSet within maxSurge, shrink old ones within maxUnavailable.
    const strategy = (spec(d).strategy ?? {}) as { type?: string; rollingUpdate?: { maxSurge?: unknown; maxUnavailable?: unknown } };
    const recreate = strategy.type === "Recreate";
    let maxSurge = recreate ? 0 : percent(strategy.rollingUpdate?.maxSurge, replicas, true);
    const maxUnavailable = recreate ? replicas : percent(strategy.rollingUpdate?.maxUnavailable, replicas, false);
    if (maxSurge === 0 && maxUnavailable === 0) maxSurge = 1;
    const total = owned.reduce((n, rs) => n + Number(spec(rs).replicas ?? 0), 0);
    const ready = owned.reduce((n, rs) => n + Number(status(rs).readyReplicas ?? 0), 0);
    const newReplicas = Number(spec(newRs).replicas ?? 0);
    // Scales a ReplicaSet and records the event once the write is in, with the count it really had.
    const scale = function* (controller: DeploymentController, rs: KubeObject, to: number): Task<void> {
      let from = to;
      const updated = yield* settled(
        api.modify(rsType, rs.metadata.namespace, rs.metadata.name, (cur) => {
          from = Number(spec(cur).replicas ?? 0);
          return {
            ...cur,
            metadata: {
              ...cur.metadata,
              annotations: { ...cur.metadata.annotations, "deployment.kubernetes.io/desired-replicas": String(replicas) },
            },
            spec: { ...spec(cur), replicas: to },
          };
        }),
      );
      if (!updated) return;
      controller.written.set(rs.metadata.uid!, Number(updated.metadata.resourceVersion));
      if (from !== to)
        recordEvent(
          api,
          d,
          "Normal",
          "ScalingReplicaSet",
          `Scaled ${to > from ? "up" : "down"} replica set ${rs.metadata.name} from ${from} to ${to}`,
          "deployment-controller",
        );
    };
    const oldTotal = old.reduce((n, rs) => n + Number(spec(rs).replicas ?? 0), 0);
    if (oldTotal === 0 && newReplicas !== replicas) yield* scale(this, newRs, replicas);
    else if (newReplicas < replicas && (!recreate || oldTotal === 0)) {
      const room = replicas + maxSurge - total;
      if (room > 0) yield* scale(this, newRs, Math.min(replicas, newReplicas + room));
    }
    let canRemove = ready - (replicas - maxUnavailable);
    for (const rs of [...old].sort((a, b) => ((a.metadata.creationTimestamp ?? "") < (b.metadata.creationTimestamp ?? "") ? -1 : 1))) {
      const n = Number(spec(rs).replicas ?? 0);
      if (n === 0 || canRemove <= 0) continue;
      const down = Math.min(n, canRemove);
      canRemove -= down;
      yield* scale(this, rs, n - down);
    }
    // Status, summed over the ReplicaSets.
    const updated = Number(status(newRs).replicas ?? 0);
    const before = status(d);
    const next: Json = {
      observedGeneration: d.metadata.generation,
      replicas: owned.reduce((n, rs) => n + Number(status(rs).replicas ?? 0), 0),
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(replicas - ready > 0 ? { unavailableReplicas: replicas - ready } : {}),
    };
    next.conditions = rolloutConditions(
      (before.conditions as DeploymentCondition[] | undefined) ?? [],
      before,
      next,
      { replicas, maxUnavailable, generation: d.metadata.generation ?? 0, newRs: newRs.metadata.name },
      api.now(),
    );
    // The status is this controller's alone, built in one order: equal JSON means nothing changed.
    if (JSON.stringify(next) !== JSON.stringify(before)) {
      yield* settled(
        api.modify(api.registry.resolve("deployments")!, d.metadata.namespace, d.metadata.name, (cur) => ({ ...cur, status: next })),
      );
    }
  }
}

/** Deletes objects whose controlling owner is gone (background cascading deletion). */
export class GarbageCollector {
  private readonly watched: Array<{ dependents: Informer; owners: Informer }>;

  constructor(private readonly api: KubeApiServer) {
    const inf = (name: string) => new Informer(api, api.registry.resolve(name)!);
    const replicaSets = inf("replicasets");
    const deployments = inf("deployments");
    const pods = inf("pods");
    this.watched = [
      { dependents: pods, owners: replicaSets },
      { dependents: replicaSets, owners: deployments },
    ];
    for (const { dependents, owners } of this.watched) {
      dependents.onChange((type, o) => type !== "DELETED" && this.check(dependents, owners, o));
      owners.onChange((type) => {
        if (type === "DELETED") for (const o of dependents.cache.values()) this.check(dependents, owners, o);
      });
    }
  }

  start(): void {
    for (const { dependents, owners } of this.watched) {
      owners.start();
      dependents.start();
    }
  }

  private check(dependents: Informer, owners: Informer, o: KubeObject): void {
    const owner = controllerOf(o);
    if (!owner || !owners.synced) return;
    if ([...owners.cache.values()].some((x) => x.metadata.uid === owner)) return;
    this.api.delete(dependents.type, o.metadata.namespace, o.metadata.name);
  }
}

/**
 * What every namespace gets from kube-controller-manager: the "default" ServiceAccount
 * (serviceaccount controller) and the kube-root-ca.crt ConfigMap (root-ca-cert-publisher).
 */
export class NamespaceDefaults {
  readonly namespaces: Informer;

  constructor(
    private readonly api: KubeApiServer,
    private readonly caCert: string,
  ) {
    this.namespaces = new Informer(api, api.registry.resolve("namespaces")!);
    this.namespaces.onChange((type, ns) => {
      if (type !== "ADDED" || (ns.status as { phase?: string } | undefined)?.phase === "Terminating") return;
      const namespace = ns.metadata.name;
      // AlreadyExists after a restart or relist is expected: the objects are there.
      api.create(api.registry.resolve("serviceaccounts")!, {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: { name: "default", namespace },
      });
      api.create(api.registry.resolve("configmaps")!, {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name: "kube-root-ca.crt",
          namespace,
          annotations: {
            "kubernetes.io/description":
              "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.",
          },
        },
        data: { "ca.crt": this.caCert },
      });
    });
  }

  start(): void {
    this.namespaces.start();
  }
}

/** How long a node may go without renewing its Lease before it is NotReady (--node-monitor-grace-period). */
export const NODE_MONITOR_GRACE_MS = 40_000;
/** How often the node lifecycle controller looks (--node-monitor-period). */
const NODE_MONITOR_PERIOD_MS = 5_000;
/** Pods tolerate an unreachable node this long before eviction (DefaultTolerationSeconds). */
export const POD_EVICTION_TIMEOUT_MS = 300_000;

const UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";

/**
 * The node lifecycle controller: a node whose kubelet stopped renewing its Lease for 40 s
 * becomes NotReady (Ready=Unknown, tainted unreachable) and its pods not ready; after
 * five more minutes its pods are evicted, so their ReplicaSets recreate them elsewhere.
 */
export class NodeLifecycleController {
  readonly nodes: Informer;
  readonly leases: Informer;
  readonly pods: Informer;
  private notReadySince = new Map<string, number>();
  private evicted = new Set<string>();

  constructor(private readonly api: KubeApiServer) {
    this.nodes = new Informer(api, api.registry.resolve("nodes")!);
    // It reads only the nodes' leases (its lister's Leases("kube-node-lease")): the controllers'
    // leader leases, renewed every 2 s in kube-system, need not pass through it.
    this.leases = new Informer(api, api.registry.resolve("leases")!, "kube-node-lease");
    this.pods = new Informer(api, api.registry.resolve("pods")!);
  }

  start(): void {
    this.nodes.start();
    this.leases.start();
    this.pods.start();
    this.monitor();
  }

  private monitor(): void {
    const api = this.api;
    api.cluster.at(api.cluster.nowMs + NODE_MONITOR_PERIOD_MS, () => this.monitor());
    if (!this.nodes.synced || !this.leases.synced) return;
    const now = api.cluster.nowUnixMs;
    for (const node of this.nodes.cache.values()) {
      const name = node.metadata.name;
      const lease = this.leases.cache.get(`kube-node-lease/${name}`);
      const renewed = parseUtc(spec(lease ?? node).renewTime);
      if (renewed === undefined) continue;
      const ready = ((status(node).conditions as Json[] | undefined) ?? []).find((c) => c.type === "Ready");
      const stale = now - renewed > NODE_MONITOR_GRACE_MS;
      if (stale && ready?.status === "True") this.markNotReady(node);
      if (!stale && ready?.status !== "True") continue; // the kubelet reports Ready itself when it is back
      if (!stale) {
        this.notReadySince.delete(name);
        if (((spec(node).taints as Json[] | undefined) ?? []).some((t) => t.key === UNREACHABLE_TAINT)) this.untaint(node);
        continue;
      }
      const since = this.notReadySince.get(name) ?? now;
      this.notReadySince.set(name, since);
      if (now - since < POD_EVICTION_TIMEOUT_MS) continue;
      for (const pod of this.pods.cache.values()) {
        if (spec(pod).nodeName !== name || pod.metadata.deletionTimestamp || this.evicted.has(pod.metadata.uid!)) continue;
        this.evicted.add(pod.metadata.uid!);
        recordEvent(
          api,
          pod,
          "Normal",
          "TaintManagerEviction",
          `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`,
          "taint-eviction-controller",
        );
        api.delete(api.registry.resolve("pods")!, pod.metadata.namespace, pod.metadata.name);
      }
    }
  }

  private markNotReady(node: KubeObject): void {
    const api = this.api;
    const now = api.now();
    api.modify(api.registry.resolve("nodes")!, undefined, node.metadata.name, (cur) => ({
      ...cur,
      spec: {
        ...spec(cur),
        taints: [
          ...((spec(cur).taints as Json[] | undefined) ?? []).filter((t) => t.key !== UNREACHABLE_TAINT),
          { key: UNREACHABLE_TAINT, effect: "NoSchedule", timeAdded: now },
          { key: UNREACHABLE_TAINT, effect: "NoExecute", timeAdded: now },
        ],
      },
      status: {
        ...status(cur),
        // Every condition the kubelet last posted becomes Unknown; its last heartbeat stays what it was.
        conditions: ((status(cur).conditions as Json[] | undefined) ?? [{ type: "Ready" }]).map((c) => ({
          ...c,
          status: "Unknown",
          reason: "NodeStatusUnknown",
          message: "Kubelet stopped posting node status.",
          lastTransitionTime: now,
        })),
      },
    }));
    // Its pods are no longer ready (MarkPodsNotReady): Services stop sending them traffic.
    for (const pod of this.pods.cache.values()) {
      if (spec(pod).nodeName !== node.metadata.name) continue;
      api.modify(api.registry.resolve("pods")!, pod.metadata.namespace, pod.metadata.name, (cur) => ({
        ...cur,
        status: {
          ...status(cur),
          conditions: ((status(cur).conditions as Json[] | undefined) ?? []).map((c) =>
            c.type === "Ready" ? { ...c, status: "False", lastTransitionTime: now } : c,
          ),
          containerStatuses: ((status(cur).containerStatuses as Json[] | undefined) ?? []).map((c) => ({ ...c, ready: false })),
        },
      }));
    }
  }

  private untaint(node: KubeObject): void {
    this.api.modify(this.api.registry.resolve("nodes")!, undefined, node.metadata.name, (cur) => ({
      ...cur,
      spec: { ...spec(cur), taints: ((spec(cur).taints as Json[] | undefined) ?? []).filter((t) => t.key !== UNREACHABLE_TAINT) },
    }));
  }
}

/**
 * The endpoints controller: every Service with a selector gets an Endpoints object listing
 * the IPs of its ready pods (and, apart, the not-ready ones), on the service's target ports.
 */
export class EndpointsController {
  readonly services: Informer;
  readonly pods: Informer;
  private readonly queue: WorkQueue;

  constructor(private readonly api: KubeApiServer) {
    this.services = new Informer(api, api.registry.resolve("services")!);
    this.pods = new Informer(api, api.registry.resolve("pods")!);
    this.queue = new WorkQueue((key) => this.reconcile(key));
    this.services.onChange((_type, svc) => this.queue.add(Informer.key(svc)));
    this.pods.onChange((_type, pod) => {
      for (const svc of this.services.cache.values())
        if (svc.metadata.namespace === pod.metadata.namespace) this.queue.add(Informer.key(svc));
    });
  }

  start(): void {
    this.pods.start();
    this.services.start();
  }

  private reconcile(key: string) {
    const svc = this.services.cache.get(key);
    const selector = svc && ((spec(svc).selector as Record<string, string> | undefined) ?? undefined);
    if (!svc || !selector || !this.pods.synced) return undefined;
    return this.api.run(this.sync(svc, selector));
  }

  private *sync(svc: KubeObject, selector: Record<string, string>) {
    const api = this.api;
    const epType = api.registry.resolve("endpoints")!;
    const selected = [...this.pods.cache.values()]
      .filter((p) => p.metadata.namespace === svc.metadata.namespace && !p.metadata.deletionTimestamp && status(p).podIP)
      .filter((p) => Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v))
      .sort((a, b) => (String(status(a).podIP) < String(status(b).podIP) ? -1 : 1));
    const address = (p: KubeObject) => ({
      ip: status(p).podIP,
      nodeName: spec(p).nodeName,
      targetRef: { kind: "Pod", name: p.metadata.name, namespace: p.metadata.namespace, uid: p.metadata.uid },
    });
    const ready = selected.filter(isReady).map(address);
    const notReady = selected.filter((p) => !isReady(p)).map(address);
    const ports = ((spec(svc).ports as Json[] | undefined) ?? []).map((p) => ({
      ...(p.name ? { name: p.name } : {}),
      port: Number(p.targetPort ?? p.port),
      protocol: p.protocol ?? "TCP",
    }));
    const subsets =
      ready.length + notReady.length > 0
        ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }]
        : [];
    yield* this.syncSlice(svc, [...ready, ...notReady], ports, new Set(ready.map((a) => String(a.ip))));
    const current = yield* settled(api.get(epType, svc.metadata.namespace, svc.metadata.name));
    if (!current) {
      yield* settled(
        api.create(epType, {
          apiVersion: "v1",
          kind: "Endpoints",
          metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels: svc.metadata.labels },
          subsets,
        }),
      );
      return;
    }
    if (JSON.stringify(current.subsets ?? []) === JSON.stringify(subsets)) return;
    yield* settled(api.modify(epType, svc.metadata.namespace, svc.metadata.name, (cur) => ({ ...cur, subsets })));
  }

  /**
   * The service's EndpointSlice (what the EndpointSlice controller keeps, and what kubectl 1.32's
   * describe reads): one slice per service here, named after it with a stable suffix.
   */
  private *syncSlice(svc: KubeObject, addresses: Json[], ports: Json[], ready: Set<string>): Task<void> {
    const api = this.api;
    const sliceType = api.registry.resolve("endpointslices")!;
    const name = `${svc.metadata.name}-${suffix(hashString(`${svc.metadata.uid}/slice`))}`;
    const endpoints = addresses.map((a) => ({
      addresses: [a.ip],
      conditions: { ready: ready.has(String(a.ip)), serving: ready.has(String(a.ip)), terminating: false },
      nodeName: a.nodeName,
      targetRef: a.targetRef,
    }));
    const body = {
      addressType: "IPv4",
      // A service without endpoints gets a placeholder slice with neither endpoints nor ports.
      ...(endpoints.length ? { endpoints, ports } : {}),
    };
    const current = yield* settled(api.get(sliceType, svc.metadata.namespace, name));
    if (!current) {
      yield* settled(
        api.create(sliceType, {
          apiVersion: "discovery.k8s.io/v1",
          kind: "EndpointSlice",
          metadata: {
            name,
            namespace: svc.metadata.namespace,
            generateName: `${svc.metadata.name}-`,
            labels: {
              ...svc.metadata.labels,
              "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
              "kubernetes.io/service-name": svc.metadata.name,
            },
            ownerReferences: [ownerRef(svc)],
          },
          ...body,
        }),
      );
      return;
    }
    if (JSON.stringify([current.endpoints, current.ports]) === JSON.stringify([body.endpoints, body.ports])) return;
    yield* settled(
      api.modify(sliceType, svc.metadata.namespace, name, (cur) => {
        const { endpoints: _e, ports: _p, ...rest } = cur;
        void _e;
        void _p;
        return { ...rest, ...body };
      }),
    );
  }
}

/** Leader election of the control plane's controllers: a Lease in kube-system renewed every 2 s (each renewal an etcd write). */
export class ControlPlaneLeases {
  /** Each Lease as its holder last wrote it: client-go's leader elector renews that record optimistically, without a read. */
  private readonly observed = new Map<string, KubeObject>();

  constructor(
    private readonly api: KubeApiServer,
    private readonly holders: Record<string, string>,
  ) {}

  start(): void {
    for (const [name, holder] of Object.entries(this.holders)) this.renew(name, holder, true);
  }

  private renew(name: string, holder: string, first: boolean): void {
    const api = this.api;
    const leases = api.registry.resolve("leases")!;
    const now = microTime(api.cluster.nowUnixMs);
    const p = first
      ? api.create(leases, {
          apiVersion: "coordination.k8s.io/v1",
          kind: "Lease",
          metadata: { name, namespace: "kube-system" },
          spec: { holderIdentity: holder, leaseDurationSeconds: 15, acquireTime: now, renewTime: now, leaseTransitions: 0 },
        })
      : api.modify(
          leases,
          "kube-system",
          name,
          (cur) => ({ ...cur, spec: { ...spec(cur), holderIdentity: holder, renewTime: now } }),
          this.observed.get(name),
        );
    // The create is retried until it lands (or finds the Lease there); then the Lease is renewed every retry period.
    p.onSettle(() => {
      if (p.value) this.observed.set(name, p.value);
      else this.observed.delete(name);
      api.cluster.at(api.cluster.nowMs + 2_000, () => this.renew(name, holder, first && p.state !== "ok" && p.error?.code !== 409));
    });
  }
}
