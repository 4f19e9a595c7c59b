// client-go's informer, small: list a resource type, then watch it from the list's
// resourceVersion, keeping a local cache and calling the handler on every change. When the
// watch ends (410 Gone after compaction, an etcd error) it lists again after a backoff.
// Controllers talk to the API server only this way, never to etcd.

import type { KubeApiServer } from "./apiserver";
import type { ResourceType } from "./resources";
import type { KubeObject, WatchEvent } from "./store";

export type InformerHandler = (type: "ADDED" | "MODIFIED" | "DELETED", obj: KubeObject) => void;

const RELIST_BACKOFF_MS = 1000;

export class Informer {
  readonly cache = new Map<string, KubeObject>();
  private watch: { stop(): void } | undefined;
  private stopped = false;
  /** Whether the cache has been filled by a list (client-go's HasSynced). */
  synced = false;

  private readonly handlers: InformerHandler[] = [];

  constructor(
    private readonly api: KubeApiServer,
    readonly type: ResourceType,
    /** Only this namespace's objects (a namespaced lister's informer); all of them when unset. */
    readonly namespace?: string,
  ) {}

  /** Adds a handler for every change from now on (client-go's AddEventHandler). */
  onChange(handler: InformerHandler): void {
    this.handlers.push(handler);
  }

  private handler(type: "ADDED" | "MODIFIED" | "DELETED", obj: KubeObject): void {
    for (const h of this.handlers) h(type, obj);
  }

  static key(obj: KubeObject): string {
    return obj.metadata.namespace ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
  }

  start(): void {
    this.stopped = false;
    this.listAndWatch();
  }

  stop(): void {
    this.stopped = true;
    this.watch?.stop();
  }

  private listAndWatch(): void {
    if (this.stopped) return;
    const list = this.api.list(this.type, this.namespace);
    list.onSettle(() => {
      if (this.stopped) return;
      if (list.state !== "ok") return this.retry();
      const seen = new Set<string>();
      for (const obj of list.value!.items) {
        const key = Informer.key(obj);
        seen.add(key);
        const old = this.cache.get(key);
        this.cache.set(key, obj);
        if (!old) this.handler("ADDED", obj);
        else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion) this.handler("MODIFIED", obj);
      }
      for (const [key, obj] of [...this.cache]) {
        if (seen.has(key)) continue;
        this.cache.delete(key);
        this.handler("DELETED", obj);
      }
      this.synced = true;
      this.watch = this.api.watch(this.type, this.namespace, Number(list.value!.resourceVersion), (e) => this.onEvent(e));
    });
  }

  private onEvent(e: WatchEvent): void {
    if (this.stopped) return;
    if (e.type === "ERROR") {
      this.watch?.stop();
      return this.retry();
    }
    const obj = e.object as KubeObject;
    const key = Informer.key(obj);
    if (e.type === "DELETED") this.cache.delete(key);
    else this.cache.set(key, obj);
    this.handler(e.type, obj);
  }

  private retry(): void {
    this.api.cluster.at(this.api.cluster.nowMs + RELIST_BACKOFF_MS, () => this.listAndWatch());
  }
}
