// What lab checks look at: the commands the learner ran (and what they printed), and the
// cluster's state read straight from the simulator, never through a command (a check must not
// change the world it checks, nor take virtual time).

import { fromText, prefixEnd, toText } from "../engine/etcd/bytes";
import type { EtcdMemberApp } from "../engine/etcd/member";
import type { KeyValue, MvccStore } from "../engine/etcd/mvcc";
import { etcdKey, etcdPrefix } from "../engine/kube/resources";
import { KubeStore, type KubeObject } from "../engine/kube/store";
import type { HistoryEntry } from "./session";
import type { CheckContext } from "./types";

/** Commands whose line matches, with the exit code and output asked for (a finished command by default). */
export function ran(
  ctx: CheckContext,
  line: RegExp,
  options: { exitCode?: number | "any"; output?: RegExp; since?: number } = {},
): HistoryEntry[] {
  const exit = options.exitCode ?? 0;
  return ctx.history.filter(
    (h) =>
      line.test(h.line) &&
      (exit === "any" || h.exitCode === exit) &&
      (options.output === undefined || options.output.test(h.output)) &&
      (options.since === undefined || h.startMs >= options.since),
  );
}

/** The most up-to-date copy of the data: the store of the member that has applied the most. */
export function freshestStore(ctx: CheckContext): MvccStore | undefined {
  const cluster = ctx.session.lab.cluster;
  let best: { applied: number; app: EtcdMemberApp } | undefined;
  for (const s of cluster.serverConfigs()) {
    const app = cluster.app(s.id);
    const applied = cluster.world.members.get(s.id)?.node?.raft.raftLog.applied ?? 0;
    if (app && (!best || applied > best.applied)) best = { applied, app };
  }
  // Only the chosen member's store is read: a member may leave its applies until someone does.
  return best?.app.store;
}

/** A key in etcd (value, revisions, version), or undefined when it does not exist. */
export function etcdKv(ctx: CheckContext, key: string): KeyValue | undefined {
  return freshestStore(ctx)?.range(fromText(key), "").kvs[0];
}

/** A key's value in etcd, or undefined when it does not exist. */
export function etcdValue(ctx: CheckContext, key: string): string | undefined {
  const kv = etcdKv(ctx, key);
  return kv ? toText(kv.value) : undefined;
}

/** Keys under a prefix in etcd. */
export function etcdKeys(ctx: CheckContext, prefix: string): string[] {
  const p = fromText(prefix);
  return (freshestStore(ctx)?.range(p, prefixEnd(p)).kvs ?? []).map((kv) => toText(kv.key));
}

/** etcd's current revision. */
export function etcdRevision(ctx: CheckContext): number {
  return freshestStore(ctx)?.currentRev ?? 0;
}

/** A Kubernetes object as stored in etcd (`/registry/...`), decoded once per revision (shared, frozen), or undefined. */
export function kubeObject(ctx: CheckContext, resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
  const kube = ctx.session.lab.kube;
  const t = kube?.api.registry.resolve(resource);
  if (!kube || !t) return undefined;
  const kv = freshestStore(ctx)?.range(fromText(etcdKey(t, t.namespaced ? (namespace ?? "default") : undefined, name)), "").kvs[0];
  return kv ? KubeStore.decode(kv) : undefined;
}

/** Kubernetes objects of a resource in a namespace (all namespaces when undefined). */
export function kubeObjects(ctx: CheckContext, resource: string, namespace?: string): KubeObject[] {
  const kube = ctx.session.lab.kube;
  const t = kube?.api.registry.resolve(resource);
  if (!kube || !t) return [];
  const p = fromText(etcdPrefix(t, t.namespaced ? namespace : undefined));
  return (freshestStore(ctx)?.range(p, prefixEnd(p)).kvs ?? []).map((kv) => KubeStore.decode(kv));
}

/** Running members, and the leader's name and term as the simulator knows them. */
export function raftState(ctx: CheckContext): { up: string[]; leader?: string; term: number } {
  const cluster = ctx.session.lab.cluster;
  const configs = cluster.serverConfigs();
  const up = configs.filter((s) => cluster.isUp(s.id)).map((s) => s.name);
  const lead = cluster.leaderId();
  const term = Math.max(0, ...configs.map((s) => cluster.world.members.get(s.id)?.node?.raft.term ?? 0));
  return { up, leader: configs.find((s) => s.id === lead)?.name, term };
}
