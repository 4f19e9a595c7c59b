// kube-controller-manager's controllers that a lesson about etcd needs: ReplicaSets keep
// their pod count, Deployments roll out through ReplicaSets (surge and unavailability
// bounds, revisions), and the garbage collector deletes what lost its owner. Each
// reconciles from its informers' caches and writes only through the API server.

import { hashString } from "../sim/rng";
import { suffix, type KubeApiServer } from "./apiserver";
import type { Pending, Waitable } from "../etcd/pending";
import type { KubeError } from "./errors";
import { Informer } from "./informer";
import type { KubeObject } from "./store";

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
      const name = `${rs.metadata.name}-${suffix(hashString(`${uid}/${api.cluster.nowMs}/${i}`))}`;
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
  return suffix(hashString(JSON.stringify(template)), 10);
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
      newRs = created;
      api.modify(api.registry.resolve("deployments")!, d.metadata.namespace, d.metadata.name, (cur) => ({
        ...cur,
        metadata: { ...cur.metadata, annotations: { ...cur.metadata.annotations, [REVISION_ANNOTATION]: revision } },
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
      yield* settled(api.modify(api.registry.resolve("deployments")!, d.metadata.namespace, d.metadata.name, bump));
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
    const scale = (rs: KubeObject, to: number) =>
      api.modify(rsType, rs.metadata.namespace, rs.metadata.name, (cur) => ({
        ...cur,
        metadata: {
          ...cur.metadata,
          annotations: { ...cur.metadata.annotations, "deployment.kubernetes.io/desired-replicas": String(replicas) },
        },
        spec: { ...spec(cur), replicas: to },
      }));
    const oldTotal = old.reduce((n, rs) => n + Number(spec(rs).replicas ?? 0), 0);
    if (oldTotal === 0 && newReplicas !== replicas) scale(newRs, replicas);
    else if (newReplicas < replicas && (!recreate || oldTotal === 0)) {
      const room = replicas + maxSurge - total;
      if (room > 0) scale(newRs, Math.min(replicas, newReplicas + room));
    }
    let canRemove = ready - (replicas - maxUnavailable);
    for (const rs of [...old].sort((a, b) => ((a.metadata.creationTimestamp ?? "") < (b.metadata.creationTimestamp ?? "") ? -1 : 1))) {
      const n = Number(spec(rs).replicas ?? 0);
      if (n === 0 || canRemove <= 0) continue;
      const down = Math.min(n, canRemove);
      canRemove -= down;
      scale(rs, n - down);
    }
    // Status, summed over the ReplicaSets.
    const updated = Number(status(newRs).replicas ?? 0);
    const next = {
      observedGeneration: d.metadata.generation,
      replicas: owned.reduce((n, rs) => n + Number(status(rs).replicas ?? 0), 0),
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(replicas - ready > 0 ? { unavailableReplicas: replicas - ready } : {}),
    };
    const before = status(d);
    const { unavailableReplicas: _u, ...rest } = before;
    void _u;
    if (JSON.stringify({ ...rest, ...next }) !== JSON.stringify(before)) {
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
