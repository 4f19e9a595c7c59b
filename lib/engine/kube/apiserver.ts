// The lab's kube-apiserver: the REST verbs on every resource type, with the defaulting,
// validation and admission a learner meets (names, the namespace must exist and not be
// terminating, uids, timestamps, generations), over the etcd3 storage. Each request is a
// coroutine in virtual time, so etcd's latency and failures show through.

import { isoSeconds } from "../sim/calendar";
import { hashString } from "../sim/rng";
import type { EtcdCluster } from "../etcd/cluster";
import { Pending, spawn, type Waitable } from "../etcd/pending";
import { KubeError, kubeErrors } from "./errors";
import { Informer } from "./informer";
import { apiVersionOf, ResourceRegistry, type ResourceType } from "./resources";
import { KubeStore, type KubeObject, type Task, type WatchEvent } from "./store";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Kinds whose names must be DNS-1123 labels (the rest: subdomains). */
const LABEL_NAMED = new Set(["Namespace", "Service"]);
const PATH_SEGMENT_NAMED = new Set(["Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding"]);

/** etcd_request_duration_seconds' buckets in kube-apiserver 1.32. */
export const ETCD_REQUEST_BUCKETS_S = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

/** Events live an hour in etcd (kube-apiserver's --event-ttl). */
export const EVENT_TTL_SECONDS = 3600;

export interface RequestMetrics {
  /** apiserver_request_total by verb, resource and code. */
  requests: Map<string, number>;
  /** etcd_request_duration_seconds by operation and type: bucket counts, count and total seconds. */
  etcd: Map<string, { buckets: number[]; count: number; sumSeconds: number }>;
}

export class KubeApiServer {
  readonly registry = new ResourceRegistry();
  readonly store: KubeStore;
  readonly metrics: RequestMetrics = { requests: new Map(), etcd: new Map() };
  private uidSeq = 0;
  private generateSeq = 0;

  constructor(
    readonly cluster: EtcdCluster,
    etcdMembers: readonly string[],
  ) {
    this.store = new KubeStore(cluster, etcdMembers);
  }

  /** The API server's wall clock, as RFC 3339 seconds ("2026-01-01T00:00:05Z"). */
  now(): string {
    return rfc3339(this.cluster.nowUnixMs);
  }

  private uid(seed: string): string {
    const n = ++this.uidSeq;
    const h = (i: number) => (hashString(`${seed}/${n}/${i}`) >>> 0).toString(16).padStart(8, "0");
    return `${h(1)}-${h(2).slice(0, 4)}-4${h(3).slice(0, 3)}-${"89ab"[hashString(`${seed}/${n}`) % 4]}${h(4).slice(0, 3)}-${h(5)}${h(6).slice(0, 4)}`;
  }

  /** Runs a request: its outcome is counted as apiserver_request_total counts it. */
  private request<T>(verb: string, t: ResourceType, task: Task<T>): Pending<T, KubeError> {
    const p = spawn(task, KubeError);
    p.onSettle(() => {
      const code = p.state === "ok" ? (verb === "create" ? 201 : 200) : p.error!.code;
      const key = `${verb}|${t.plural}|${code}`;
      this.metrics.requests.set(key, (this.metrics.requests.get(key) ?? 0) + 1);
    });
    return p;
  }

  /** The etcd round trip of one storage operation, timed for etcd_request_duration_seconds. */
  private *timed<T>(operation: string, t: ResourceType, task: Task<T>): Task<T> {
    const started = this.cluster.nowMs;
    try {
      return yield* task;
    } finally {
      const key = `${operation}|${t.kind}`;
      const m = this.metrics.etcd.get(key) ?? { buckets: ETCD_REQUEST_BUCKETS_S.map(() => 0), count: 0, sumSeconds: 0 };
      const seconds = (this.cluster.nowMs - started) / 1000;
      m.count++;
      m.sumSeconds += seconds;
      const b = ETCD_REQUEST_BUCKETS_S.findIndex((le) => seconds <= le);
      if (b >= 0) m.buckets[b]!++;
      this.metrics.etcd.set(key, m);
    }
  }

  // -------------------------------------------------------------- validation and admission

  private validateName(t: ResourceType, name: string): void {
    if (!name)
      throw new KubeError(422, "Invalid", `${t.kind} "" is invalid: metadata.name: Required value: name or generateName is required`);
    // RBAC objects only need to be a valid path segment (ValidatePathSegmentName).
    if (PATH_SEGMENT_NAMED.has(t.kind)) {
      if (name === "." || name === ".." || /[/%]/.test(name)) {
        throw kubeErrors.invalid(t, name, [`metadata.name: Invalid value: "${name}": may not contain '/'`]);
      }
      return;
    }
    const label = LABEL_NAMED.has(t.kind);
    const ok = label ? DNS1123_LABEL.test(name) && name.length <= 63 : DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
    if (ok) return;
    const what = label
      ? `a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
      : `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
    throw kubeErrors.invalid(t, name, [`metadata.name: Invalid value: "${name}": ${what}`]);
  }

  /** The NamespaceLifecycle admission plugin's namespace lister (an informer of the API server's own). */
  private namespaces: Informer | undefined;

  /** Starts the informers admission reads from: the namespace lister. */
  startAdmission(): void {
    this.namespaces ??= new Informer(this, this.registry.resolve("namespaces")!);
    this.namespaces.start();
  }

  /**
   * NamespaceLifecycle admission: a namespaced object needs a namespace that exists and is not
   * terminating. The plugin reads its lister; a namespace not in it (created a moment ago, or
   * the lister not synced yet) is looked up live, as the plugin does for a create.
   */
  private *admitNamespace(t: ResourceType, namespace: string, name: string): Task<void> {
    const nsType = this.registry.resolve("namespaces")!;
    let ns = this.namespaces?.synced ? this.namespaces.cache.get(namespace) : undefined;
    try {
      ns ??= yield* this.store.get(nsType, undefined, namespace);
    } catch (error) {
      if (error instanceof KubeError && error.code === 404) throw kubeErrors.namespaceNotFound(namespace);
      throw error;
    }
    if ((ns.status as { phase?: string } | undefined)?.phase === "Terminating") throw kubeErrors.namespaceTerminating(t, name, namespace);
  }

  // -------------------------------------------------------------- verbs

  create(t: ResourceType, input: KubeObject, namespace?: string): Pending<KubeObject, KubeError> {
    return this.request("create", t, this.createTask(t, input, namespace));
  }

  private *createTask(t: ResourceType, input: KubeObject, namespace?: string): Task<KubeObject> {
    const meta = { ...input.metadata };
    if (t.namespaced) meta.namespace = meta.namespace ?? namespace ?? "default";
    else delete meta.namespace;
    if (!meta.name && meta.generateName)
      meta.name = `${meta.generateName}${suffix(hashString(`${meta.generateName}/${++this.generateSeq}/${this.cluster.nowMs}`))}`;
    this.validateName(t, meta.name);
    if (t.namespaced) yield* this.admitNamespace(t, meta.namespace!, meta.name);
    const obj: KubeObject = defaults(t, {
      ...input,
      apiVersion: apiVersionOf(t),
      kind: t.kind,
      metadata: { ...meta, uid: this.uid(meta.name), creationTimestamp: this.now() },
    });
    if (t.kind === "Service") obj.spec = this.allocateClusterIP(obj.spec as Json, `${meta.namespace}/${meta.name}`);
    const ttl = t.kind === "Event" ? EVENT_TTL_SECONDS : undefined;
    const created = yield* this.timed("create", t, this.store.create(t, obj, ttl));
    if (t.kind === "CustomResourceDefinition") this.establish(created);
    return created;
  }

  /** ClusterIPs handed out, so two services never share one (the service IP allocator). */
  private readonly clusterIPs = new Set<string>(["10.96.0.1", "10.96.0.10"]);

  private allocateClusterIP(spec: Json, key: string): Json {
    if (spec.clusterIP === "None") return { ...spec, clusterIPs: ["None"] };
    if (typeof spec.clusterIP === "string" && spec.clusterIP) {
      this.clusterIPs.add(spec.clusterIP);
      return { ...spec, clusterIPs: [spec.clusterIP] };
    }
    // 10.96.0.0/12, from a hash of the name (the real allocator picks at random).
    for (let n = hashString(key); ; n = hashString(String(n))) {
      const ip = `10.${96 + ((n >>> 16) & 0x0f)}.${(n >>> 8) & 0xff}.${n & 0xff}`;
      if (!this.clusterIPs.has(ip) && (n & 0xff) !== 0 && (n & 0xff) !== 255) {
        this.clusterIPs.add(ip);
        return { ...spec, clusterIP: ip, clusterIPs: [ip] };
      }
    }
  }

  /** A created CRD makes its resource servable at once (apiextensions' establishing controller). */
  private establish(crd: KubeObject): void {
    const spec = crd.spec as {
      group: string;
      scope: string;
      names: { kind: string; plural: string; singular?: string; shortNames?: string[] };
      versions: Array<{ name: string; served?: boolean }>;
    };
    const version = spec.versions.find((v) => v.served !== false)?.name ?? spec.versions[0]!.name;
    this.registry.define({
      kind: spec.names.kind,
      plural: spec.names.plural,
      singular: spec.names.singular ?? spec.names.kind.toLowerCase(),
      shortNames: spec.names.shortNames ?? [],
      group: spec.group,
      version,
      namespaced: spec.scope === "Namespaced",
      storage: `${spec.group}/${spec.names.plural}`,
    });
  }

  get(t: ResourceType, namespace: string | undefined, name: string): Pending<KubeObject, KubeError> {
    return this.request("get", t, this.timed("get", t, this.store.get(t, t.namespaced ? namespace : undefined, name)));
  }

  list(t: ResourceType, namespace?: string): Pending<{ items: KubeObject[]; resourceVersion: string }, KubeError> {
    return this.request("list", t, this.timed("list", t, this.store.list(t, t.namespaced ? namespace : undefined)));
  }

  /** A client's update (PUT): its resourceVersion must still be current. */
  update(t: ResourceType, obj: KubeObject): Pending<KubeObject, KubeError> {
    const ns = t.namespaced ? obj.metadata.namespace : undefined;
    return this.request(
      "update",
      t,
      this.timed(
        "update",
        t,
        this.store.update(t, ns, obj.metadata.name, (current) => bumpGeneration(current, obj), obj.metadata.resourceVersion || undefined),
      ),
    );
  }

  /**
   * A read-modify-write (what `kubectl scale`, `label` and controllers do): retried until it applies.
   * `cached`: the object as the caller last saw it, tried first without a read (see KubeStore.update).
   */
  modify(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    change: (current: KubeObject) => KubeObject,
    cached?: KubeObject,
  ): Pending<KubeObject, KubeError> {
    return this.request(
      "patch",
      t,
      this.timed(
        "update",
        t,
        this.store.update(
          t,
          t.namespaced ? namespace : undefined,
          name,
          (current) => bumpGeneration(current, change(current)),
          undefined,
          cached,
        ),
      ),
    );
  }

  /**
   * Deletes an object. A pod bound to a node is deleted gracefully, as kube-apiserver does:
   * it gets a deletionTimestamp (now + the grace period, 30 s unless given) and stays
   * "Terminating" until its kubelet has stopped it and deletes it for good (grace 0).
   */
  delete(t: ResourceType, namespace: string | undefined, name: string, gracePeriodSeconds?: number): Pending<KubeObject, KubeError> {
    return this.request("delete", t, this.deleteTask(t, t.namespaced ? namespace : undefined, name, gracePeriodSeconds));
  }

  private *deleteTask(t: ResourceType, namespace: string | undefined, name: string, gracePeriodSeconds?: number): Task<KubeObject> {
    if (t.kind === "Pod" && gracePeriodSeconds !== 0) {
      const current = yield* this.timed("get", t, this.store.get(t, namespace, name));
      const spec = (current.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
      if (spec.nodeName && !current.metadata.deletionTimestamp) {
        const grace = gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
        return yield* this.timed(
          "update",
          t,
          this.store.update(t, namespace, name, (cur) => ({
            ...cur,
            metadata: {
              ...cur.metadata,
              deletionTimestamp: rfc3339(this.cluster.nowUnixMs + grace * 1000),
              deletionGracePeriodSeconds: grace,
            },
          })),
        );
      }
      if (spec.nodeName) return current; // already terminating: its kubelet finishes it
    }
    return yield* this.timed("delete", t, this.store.delete(t, namespace, name));
  }

  watch(t: ResourceType, namespace: string | undefined, resourceVersion: number, onEvent: (e: WatchEvent) => void): { stop(): void } {
    return this.store.watch(t, t.namespaced ? namespace : undefined, resourceVersion, onEvent);
  }

  /** Runs a coroutine of several requests (a controller's step, a kubectl command's plan). */
  run<T>(task: Generator<Waitable, T, unknown>): Pending<T, KubeError> {
    return spawn(task, KubeError);
  }
}

/** metadata.generation moves when the spec does (status changes do not move it). */
function bumpGeneration(current: KubeObject, next: KubeObject): KubeObject {
  const generation = current.metadata.generation;
  if (generation === undefined) return next;
  const changed = JSON.stringify(current.spec) !== JSON.stringify(next.spec);
  return { ...next, metadata: { ...next.metadata, generation: changed ? generation + 1 : generation } };
}

/** Five characters from Kubernetes' name-suffix alphabet (no vowels, no 0/1/3). */
export function suffix(seed: number, length = 5): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  let out = "";
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    out += alphabet[x % alphabet.length];
    x = Math.floor(x / alphabet.length) ^ hashString(`${seed}/${i}`);
    x >>>= 0;
  }
  return out;
}

/** RFC 3339 in seconds, UTC. */
export function rfc3339(unixMs: number): string {
  return `${isoSeconds(unixMs)}Z`;
}

type Json = Record<string, unknown>;

function deploymentStrategy(strategy: Json | undefined): Json {
  const type = (strategy?.type as string | undefined) ?? "RollingUpdate";
  if (type !== "RollingUpdate") return { type };
  const rolling = (strategy?.rollingUpdate ?? {}) as Json;
  return { type, rollingUpdate: { maxSurge: rolling.maxSurge ?? "25%", maxUnavailable: rolling.maxUnavailable ?? "25%" } };
}

/** The defaults kube-apiserver fills in (SetDefaults_* of the core and apps types). */
function defaults(t: ResourceType, obj: KubeObject): KubeObject {
  switch (t.kind) {
    case "Namespace":
      return {
        ...obj,
        metadata: { ...obj.metadata, labels: { ...obj.metadata.labels, "kubernetes.io/metadata.name": obj.metadata.name } },
        spec: { finalizers: ["kubernetes"], ...(obj.spec as Json | undefined) },
        status: { phase: "Active" },
      };
    case "Pod": {
      const spec = (obj.spec ?? {}) as Json;
      const containers = ((spec.containers as Json[] | undefined) ?? []).map((c) => {
        const image = String(c.image ?? "");
        const latest = !/:[^/]+$/.test(image) || image.endsWith(":latest");
        return {
          ...c,
          imagePullPolicy: c.imagePullPolicy ?? (latest ? "Always" : "IfNotPresent"),
          resources: c.resources ?? {},
          terminationMessagePath: "/dev/termination-log",
          terminationMessagePolicy: "File",
        };
      });
      return {
        ...obj,
        spec: {
          ...spec,
          containers,
          dnsPolicy: spec.dnsPolicy ?? "ClusterFirst",
          enableServiceLinks: spec.enableServiceLinks ?? true,
          preemptionPolicy: "PreemptLowerPriority",
          priority: 0,
          restartPolicy: spec.restartPolicy ?? "Always",
          schedulerName: spec.schedulerName ?? "default-scheduler",
          securityContext: spec.securityContext ?? {},
          serviceAccountName: spec.serviceAccountName ?? "default",
          terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
        },
        status: { phase: "Pending", qosClass: "BestEffort", ...(obj.status as Json | undefined) },
      };
    }
    case "Deployment": {
      const spec = (obj.spec ?? {}) as Json;
      return {
        ...obj,
        metadata: { ...obj.metadata, generation: 1 },
        spec: {
          replicas: 1,
          revisionHistoryLimit: 10,
          progressDeadlineSeconds: 600,
          ...spec,
          // An empty strategy (what kubectl create sends) is a rolling update with 25% bounds.
          strategy: deploymentStrategy(spec.strategy as Json | undefined),
        },
        status: (obj.status as Json | undefined) ?? {},
      };
    }
    case "ReplicaSet":
      return {
        ...obj,
        metadata: { ...obj.metadata, generation: 1 },
        spec: { replicas: 1, ...(obj.spec as Json | undefined) },
        status: obj.status ?? { replicas: 0 },
      };
    case "Service": {
      const spec = (obj.spec ?? {}) as Json;
      return {
        ...obj,
        spec: {
          type: "ClusterIP",
          sessionAffinity: "None",
          internalTrafficPolicy: "Cluster",
          ipFamilies: ["IPv4"],
          ipFamilyPolicy: "SingleStack",
          ...spec,
        },
        status: { loadBalancer: {} },
      };
    }
    default:
      return obj;
  }
}
