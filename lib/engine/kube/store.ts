// kube-apiserver's etcd3 storage (k8s.io/apiserver/pkg/storage/etcd3) on the simulated
// etcd: objects as JSON under their /registry keys, resourceVersion = the key's mod
// revision, creates and updates as transactions that compare revisions (optimistic
// concurrency), events on an etcd lease, and watches from a resourceVersion that fail with
// 410 Gone once etcd has compacted that history.

import { fromText, prefixEnd, toText } from "../etcd/bytes";
import type { EtcdCluster, WatchStream } from "../etcd/cluster";
import { EtcdError } from "../etcd/errors";
import type { RangeResponse } from "../etcd/kv";
import { deepFreeze } from "../freeze";
import type { KeyValue } from "../etcd/mvcc";
import { Pending, wait, type Waitable } from "../etcd/pending";
import { KubeError, kubeErrors } from "./errors";
import { etcdKey, etcdPrefix, type ResourceType } from "./resources";

export type Task<T> = Generator<Waitable, T, unknown>;

/** A Kubernetes object as JSON; metadata is always there. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  finalizers?: string[];
  generateName?: string;
  [field: string]: unknown;
}

/** etcd request timeout as kube-apiserver's storage sees it: its request context (60 s). */
const STORAGE_TIMEOUT_MS = 60_000;
/** kube-apiserver reuses one etcd lease for objects with a TTL granted within this window. */
const LEASE_REUSE_MS = 60_000;

export interface WatchEvent {
  type: "ADDED" | "MODIFIED" | "DELETED" | "ERROR";
  object: KubeObject | Record<string, unknown>;
}

const decoded = new WeakMap<KeyValue, KubeObject>();

export class KubeStore {
  private leases = new Map<number, { id: bigint; grantedMs: number }>();

  constructor(
    readonly cluster: EtcdCluster,
    /** The etcd members the API server is configured with (--etcd-servers), in order. */
    readonly members: readonly string[],
  ) {}

  private member(): string | undefined {
    return this.members.find((m) => this.cluster.isUp(m));
  }

  /** One etcd request; etcd's failures become the API errors kube-apiserver returns. */
  private *call<T>(make: (member: string) => Pending<T>): Task<T> {
    const member = this.member();
    if (!member) {
      // clientv3 keeps trying to connect until the request context expires.
      const p = new Pending<never>();
      this.cluster.deadline(p, this.cluster.nowMs + STORAGE_TIMEOUT_MS);
      try {
        yield* wait(p);
      } catch {
        throw new KubeError(500, "", "context deadline exceeded");
      }
    }
    try {
      return yield* wait(this.cluster.deadline(make(member!), this.cluster.nowMs + STORAGE_TIMEOUT_MS));
    } catch (error) {
      if (error instanceof EtcdError) throw new KubeError(500, "", error.message);
      throw error;
    }
  }

  static encode(obj: KubeObject): string {
    // The stored object carries no resourceVersion: etcd's revision is its version.
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    void _rv;
    return fromText(JSON.stringify({ ...obj, metadata }));
  }

  /**
   * The object a stored revision holds. A KeyValue never changes, so its decoding is kept
   * (frozen: every reader shares it, and changes are made on copies).
   */
  static decode(kv: KeyValue): KubeObject {
    const cached = decoded.get(kv);
    if (cached) return cached;
    const obj = JSON.parse(toText(kv.value)) as KubeObject;
    obj.metadata.resourceVersion = String(kv.modRevision);
    decoded.set(kv, deepFreeze(obj));
    return obj;
  }

  private *leaseFor(ttlSeconds: number): Task<bigint> {
    const reuse = this.leases.get(ttlSeconds);
    if (reuse && this.cluster.nowMs - reuse.grantedMs < LEASE_REUSE_MS) return reuse.id;
    // The lease outlives the reuse window so every object on it lives at least its TTL.
    const granted = yield* this.call((m) => this.cluster.leaseGrant(m, ttlSeconds + LEASE_REUSE_MS / 1000));
    this.leases.set(ttlSeconds, { id: granted.id, grantedMs: this.cluster.nowMs });
    return granted.id;
  }

  *create(t: ResourceType, obj: KubeObject, ttlSeconds?: number): Task<KubeObject> {
    const key = fromText(etcdKey(t, obj.metadata.namespace, obj.metadata.name));
    const lease = ttlSeconds ? yield* this.leaseFor(ttlSeconds) : 0n;
    const r = yield* this.call((m) =>
      this.cluster.txn(m, {
        compare: [{ key, target: "MOD", result: "EQUAL", modRevision: 0 }],
        success: [{ put: { key, value: KubeStore.encode(obj), lease } }],
        failure: [],
      }),
    );
    if (!r.succeeded) throw kubeErrors.alreadyExists(t, obj.metadata.name);
    return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(r.revision) } };
  }

  *get(t: ResourceType, namespace: string | undefined, name: string): Task<KubeObject> {
    const r = yield* this.call((m) => this.cluster.range(m, { key: fromText(etcdKey(t, namespace, name)) }));
    const kv = r.kvs[0];
    if (!kv) throw kubeErrors.notFound(t, name);
    return KubeStore.decode(kv);
  }

  /** Every object of a type (in one namespace, or all), and the list's resourceVersion. */
  *list(t: ResourceType, namespace?: string): Task<{ items: KubeObject[]; resourceVersion: string }> {
    const prefix = fromText(etcdPrefix(t, namespace));
    const r = yield* this.call((m) => this.cluster.range(m, { key: prefix, rangeEnd: prefixEnd(prefix) }));
    return { items: r.kvs.map((kv) => KubeStore.decode(kv)), resourceVersion: String(r.header.revision) };
  }

  /**
   * GuaranteedUpdate: change the current object, write it back only if nobody wrote in between.
   * With `expectedResourceVersion` (a client's update) a changed object is a Conflict; without it
   * (a controller's read-modify-write) the change is retried on the fresh object.
   *
   * `cached` is an object the caller believes current (the API server's watch cache holds one; a
   * lease renewer keeps the lease it last wrote): the first attempt then skips the read, as etcd3's
   * GuaranteedUpdate does with a cached object. Every attempt's transaction reads the key back when
   * its compare fails, so a retry needs no separate read either.
   */
  *update(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    change: (current: KubeObject) => KubeObject,
    expectedResourceVersion?: string,
    cached?: KubeObject,
  ): Task<KubeObject> {
    const key = fromText(etcdKey(t, namespace, name));
    let current = cached ?? (yield* this.get(t, namespace, name));
    for (let attempt = 0; attempt < 10; attempt++) {
      if (expectedResourceVersion && expectedResourceVersion !== current.metadata.resourceVersion) throw kubeErrors.conflict(t, name);
      const next = change(current);
      const rev = Number(current.metadata.resourceVersion);
      const r = yield* this.call((m) =>
        this.cluster.txn(m, {
          compare: [{ key, target: "MOD", result: "EQUAL", modRevision: rev }],
          success: [{ put: { key, value: KubeStore.encode(next), ignoreLease: false } }],
          failure: [{ range: { key } }],
        }),
      );
      if (r.succeeded) return { ...next, metadata: { ...next.metadata, resourceVersion: String(r.revision) } };
      const kv = (r.responses[0] as { range: RangeResponse }).range.kvs[0];
      if (!kv) throw kubeErrors.notFound(t, name);
      current = KubeStore.decode(kv);
    }
    throw kubeErrors.conflict(t, name);
  }

  *delete(t: ResourceType, namespace: string | undefined, name: string): Task<KubeObject> {
    const key = fromText(etcdKey(t, namespace, name));
    for (;;) {
      const current = yield* this.get(t, namespace, name);
      const r = yield* this.call((m) =>
        this.cluster.txn(m, {
          compare: [{ key, target: "MOD", result: "EQUAL", modRevision: Number(current.metadata.resourceVersion) }],
          success: [{ deleteRange: { key } }],
          failure: [],
        }),
      );
      if (r.succeeded) return current;
    }
  }

  /**
   * Watches a type from just after `resourceVersion` (0: from now). Events go to `onEvent`;
   * a compacted start revision ends the watch with 410 Gone, as the API server's does.
   */
  watch(t: ResourceType, namespace: string | undefined, resourceVersion: number, onEvent: (e: WatchEvent) => void): { stop(): void } {
    const member = this.member();
    if (!member) {
      onEvent({ type: "ERROR", object: new KubeError(500, "", "etcdserver: no leader").status() });
      return { stop: () => undefined };
    }
    const prefix = fromText(etcdPrefix(t, namespace));
    const stream = this.cluster.watch(
      member,
      {
        key: prefix,
        rangeEnd: prefixEnd(prefix),
        startRevision: resourceVersion > 0 ? resourceVersion + 1 : 0,
        prevKv: true,
      },
      // kube-apiserver's etcd client knows every --etcd-servers endpoint and moves a watch when its member dies.
      this.members,
    );
    if (!("responses" in stream)) {
      onEvent({ type: "ERROR", object: new KubeError(500, "", stream.message).status() });
      return { stop: () => undefined };
    }
    let stopped = false;
    const pump = (s: WatchStream) => {
      if (stopped) return;
      for (const r of s.responses.splice(0)) {
        if (r.canceled && r.compactRevision !== undefined) {
          onEvent({ type: "ERROR", object: kubeErrors.gone(resourceVersion, r.compactRevision).status() });
          continue;
        }
        for (const e of r.events) {
          if (e.type === "DELETE") {
            const prev = e.prevKv ? KubeStore.decode(e.prevKv) : undefined;
            if (prev)
              onEvent({ type: "DELETED", object: { ...prev, metadata: { ...prev.metadata, resourceVersion: String(e.kv.modRevision) } } });
          } else onEvent({ type: e.kv.version === 1 ? "ADDED" : "MODIFIED", object: KubeStore.decode(e.kv) });
        }
      }
      if (!s.closed) s.wait().onSettle(() => pump(s));
    };
    pump(stream);
    return {
      stop: () => {
        stopped = true;
        this.cluster.cancelWatch(stream);
      },
    };
  }
}
