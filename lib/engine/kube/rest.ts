// The lab's kube-apiserver as an HTTP API: kube-apiserver's REST paths, verbs, discovery,
// meta.k8s.io Tables and watch streams, translated to the simulated API server. It is
// transport-free (a request in, a response out), so a Node script can serve it on
// 127.0.0.1 for the real kubectl (scripts/fidelity/kube-http.ts) and tests can call it
// directly. Requests run as coroutines in virtual time like every other client's.

import { spawn, type Pending } from "../etcd/pending";
import type { KubeCluster } from "./cluster";
import { KUBERNETES_VERSION } from "./cluster";
import { KubeError } from "./errors";
import { openApiDocument, openApiRoot } from "./openapi";
import { COLUMNS, NO_NAME_COLUMN } from "./printers";
import { containerLog } from "./logs";
import { matchesFields, matchesLabels } from "./selectors";
import { apiVersionOf, type ResourceType } from "./resources";
import type { KubeObject, Task, WatchEvent } from "./store";

export interface RestRequest {
  method: string;
  /** The path without the query: /api/v1/namespaces/default/pods. */
  path: string;
  /** The query parameters (the last value of each). */
  query: ReadonlyMap<string, string>;
  accept?: string;
  contentType?: string;
  body?: string;
}

export interface RestResponse {
  status: number;
  contentType: string;
  body: string;
}

type Json = Record<string, unknown>;

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const CLUSTER_VERBS = ["create", "delete", "get", "list", "patch", "update", "watch"];
/** Subresources the lab serves, by kind. */
const SUBRESOURCES: Record<string, string[]> = {
  Pod: ["log", "status"],
  Deployment: ["scale", "status"],
  ReplicaSet: ["scale", "status"],
  Node: ["status"],
  Namespace: ["status"],
  Service: ["status"],
};

const json = (status: number, value: unknown): RestResponse => ({
  status,
  contentType: "application/json",
  body: `${JSON.stringify(value)}\n`,
});

function statusOf(error: KubeError, details: Json = {}): RestResponse {
  return json(error.code, { ...error.status(), details });
}

const notFoundPath = () => new KubeError(404, "NotFound", "the server could not find the requested resource");

/** A resource path, parsed: /api/v1/namespaces/<ns>/<resource>/<name>/<subresource>. */
interface Target {
  t: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export class KubeRest {
  constructor(private readonly kube: KubeCluster) {}

  private get api() {
    return this.kube.api;
  }

  /** Answers one request; a watch (`?watch=true`) goes to `watch` instead. */
  handle(req: RestRequest): Pending<RestResponse, KubeError> {
    return spawn(this.serve(req), KubeError);
  }

  private *serve(req: RestRequest): Task<RestResponse> {
    try {
      return yield* this.route(req);
    } catch (error) {
      if (error instanceof KubeError) return statusOf(error);
      if (error instanceof SyntaxError)
        return statusOf(new KubeError(400, "BadRequest", `the body of the request was in an unknown format: ${error.message}`));
      throw error;
    }
  }

  private *route(req: RestRequest): Task<RestResponse> {
    const path = req.path.replace(/\/+$/, "") || "/";
    if (req.method === "GET") {
      const discovery = this.discovery(path);
      if (discovery) return discovery;
    }
    const target = this.target(path);
    if (!target) throw notFoundPath();
    return yield* this.verb(req, target);
  }

  // ------------------------------------------------------------------ discovery

  private groupVersions(): Array<{ group: string; version: string }> {
    const seen = new Map<string, { group: string; version: string }>();
    for (const t of this.api.registry.all()) if (t.group) seen.set(apiVersionOf(t), { group: t.group, version: t.version });
    return [...seen.values()];
  }

  private discovery(path: string): RestResponse | undefined {
    if (path === "/version") {
      const [major, minor] = KUBERNETES_VERSION.slice(1).split(".");
      return json(200, {
        major,
        minor,
        gitVersion: KUBERNETES_VERSION,
        gitCommit: "0000000000000000000000000000000000000000",
        gitTreeState: "clean",
        buildDate: "2025-04-22T16:03:50Z",
        goVersion: "go1.23.8",
        compiler: "gc",
        platform: "linux/amd64",
      });
    }
    if (path === "/healthz" || path === "/livez" || path === "/readyz") return { status: 200, contentType: "text/plain", body: "ok" };
    if (path === "/openapi/v3") return json(200, openApiRoot(this.api.registry.all()));
    if (path.startsWith("/openapi/v3/")) {
      const doc = openApiDocument(this.api.registry.all(), path.slice("/openapi/v3/".length));
      return doc ? json(200, doc) : statusOf(notFoundPath());
    }
    // Legacy discovery: kubectl asks for the aggregated form first and takes this one when the server offers only it.
    if (path === "/api")
      return json(200, {
        kind: "APIVersions",
        versions: ["v1"],
        serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: "172.18.0.2:6443" }],
      });
    if (path === "/apis") {
      return json(200, {
        kind: "APIGroupList",
        apiVersion: "v1",
        groups: this.groupVersions().map(({ group, version }) => {
          const gv = { groupVersion: `${group}/${version}`, version };
          return { name: group, versions: [gv], preferredVersion: gv };
        }),
      });
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(path);
    if (!m) return undefined;
    const group = m[2] ?? "";
    const version = m[1] ?? m[3]!;
    const types = this.api.registry.all().filter((t) => t.group === group && t.version === version);
    if (types.length === 0) return undefined;
    const resources: Json[] = [];
    for (const t of [...types].sort((a, b) => (a.plural < b.plural ? -1 : 1))) {
      resources.push({
        name: t.plural,
        singularName: t.singular,
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: t.namespaced ? ALL_VERBS : CLUSTER_VERBS,
        ...(t.shortNames.length ? { shortNames: t.shortNames } : {}),
        ...(t.inAll ? { categories: ["all"] } : {}),
      });
      for (const sub of SUBRESOURCES[t.kind] ?? []) {
        resources.push({
          name: `${t.plural}/${sub}`,
          singularName: "",
          namespaced: t.namespaced,
          ...(sub === "scale" ? { group: "autoscaling", version: "v1", kind: "Scale" } : { kind: sub === "log" ? "Pod" : t.kind }),
          verbs: sub === "log" ? ["get"] : ["get", "patch", "update"],
        });
      }
    }
    return json(200, { kind: "APIResourceList", apiVersion: "v1", groupVersion: group ? `${group}/${version}` : version, resources });
  }

  // ------------------------------------------------------------------ resources

  private target(path: string): Target | undefined {
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/(.+)$/.exec(path);
    if (!m) return undefined;
    const group = m[2] ?? "";
    const version = m[1] ?? m[3]!;
    const segments = m[4]!.split("/").map(decodeURIComponent);
    const find = (plural: string) => this.api.registry.all().find((t) => t.plural === plural && t.group === group && t.version === version);
    // namespaces/<ns>/<resource>/... names a namespaced resource; otherwise namespaces/<name> is the Namespace itself.
    if (segments[0] === "namespaces" && segments.length >= 3) {
      const t = find(segments[2]!);
      if (t?.namespaced) return this.withName(t, segments.slice(3), segments[1]);
    }
    const t = find(segments[0]!);
    if (!t) return undefined;
    return this.withName(t, segments.slice(1), undefined);
  }

  private withName(t: ResourceType, rest: string[], namespace: string | undefined): Target | undefined {
    if (rest.length > 2) return undefined;
    const [name, subresource] = rest;
    if (subresource && !(SUBRESOURCES[t.kind] ?? []).includes(subresource)) return undefined;
    return { t, namespace, name, subresource };
  }

  private *verb(req: RestRequest, target: Target): Task<RestResponse> {
    const { t, namespace, name, subresource } = target;
    const methodNotAllowed = () =>
      new KubeError(405, "MethodNotAllowed", `the server does not allow this method on the requested resource`);
    if (!name) {
      if (req.method === "GET") return yield* this.list(req, t, namespace);
      if (req.method === "POST") {
        const obj = this.body(req) as KubeObject;
        const created = yield* this.createTask(t, obj, namespace);
        return json(201, created);
      }
      throw methodNotAllowed();
    }
    if (subresource === "scale") return yield* this.scale(req, t, namespace, name);
    if (subresource === "log") return yield* this.log(t, namespace, name, req.query);
    switch (req.method) {
      case "GET": {
        const obj = yield* this.wait(this.api.get(t, namespace, name));
        return this.wantsTable(req) ? json(200, this.table(req, t, [obj], obj.metadata.resourceVersion ?? "")) : json(200, obj);
      }
      case "PUT": {
        const obj = this.body(req) as KubeObject;
        if (obj.metadata?.name !== name)
          throw new KubeError(
            400,
            "BadRequest",
            `the name of the object (${obj.metadata?.name ?? ""}) does not match the name on the URL (${name})`,
          );
        return json(200, yield* this.wait(this.api.update(t, { ...obj, metadata: { ...obj.metadata, namespace } })));
      }
      case "PATCH": {
        const patch = this.body(req);
        const kind = req.contentType?.split(";")[0] ?? "";
        const apply = patcher(kind, patch);
        const updated = yield* this.wait(
          this.api.modify(t, namespace, name, (current) => {
            const next = apply(jsonCopy(current) as Json) as KubeObject;
            // What a patch may not change: identity and bookkeeping.
            return {
              ...next,
              apiVersion: current.apiVersion,
              kind: current.kind,
              metadata: {
                ...next.metadata,
                name,
                namespace: current.metadata.namespace,
                uid: current.metadata.uid,
                creationTimestamp: current.metadata.creationTimestamp,
              },
            };
          }),
        );
        return json(200, updated);
      }
      case "DELETE": {
        const options = (req.body ? this.body(req) : {}) as { gracePeriodSeconds?: number };
        const grace =
          options.gracePeriodSeconds ?? (req.query.has("gracePeriodSeconds") ? Number(req.query.get("gracePeriodSeconds")) : undefined);
        return json(200, yield* this.wait(this.api.delete(t, namespace, name, grace)));
      }
      default:
        throw methodNotAllowed();
    }
  }

  private body(req: RestRequest): unknown {
    if (!req.body) throw new KubeError(400, "BadRequest", "the body of the request was empty");
    // The lab speaks JSON only: client-go's typed clients fall back to it on 415.
    if (req.contentType?.includes("protobuf"))
      throw new KubeError(
        415,
        "UnsupportedMediaType",
        `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
      );
    return JSON.parse(req.body) as unknown;
  }

  private *wait<T>(p: Pending<T, KubeError>): Task<T> {
    if (!p.settled) yield p;
    return p.unwrap();
  }

  private *createTask(t: ResourceType, obj: KubeObject, namespace: string | undefined): Task<KubeObject> {
    if (!obj || typeof obj !== "object" || !obj.metadata) throw new KubeError(400, "BadRequest", "the object provided has no metadata");
    if (obj.kind && obj.kind !== t.kind)
      throw new KubeError(
        400,
        "BadRequest",
        `the API version in the data (${obj.apiVersion}) does not match the expected API version (${apiVersionOf(t)})`,
      );
    if (t.namespaced && obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace)
      throw new KubeError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
    return yield* this.wait(this.api.create(t, obj, namespace));
  }

  private wantsTable(req: RestRequest): boolean {
    return /as=Table/.test(req.accept ?? "");
  }

  private *list(req: RestRequest, t: ResourceType, namespace: string | undefined): Task<RestResponse> {
    const list = yield* this.wait(this.api.list(t, namespace));
    const labels = req.query.get("labelSelector") ?? "";
    const fields = req.query.get("fieldSelector") ?? "";
    const items = list.items.filter((o) => matchesLabels(o, labels) && matchesFields(o, fields));
    if (this.wantsTable(req)) return json(200, this.table(req, t, items, list.resourceVersion));
    return json(200, { kind: `${t.kind}List`, apiVersion: apiVersionOf(t), metadata: { resourceVersion: list.resourceVersion }, items });
  }

  /** A meta.k8s.io Table: the printer columns, a row per object, and the object (metadata only by default). */
  private table(req: RestRequest, t: ResourceType, items: KubeObject[], resourceVersion: string): Json {
    const include = req.query.get("includeObject") ?? "Metadata";
    const now = this.kube.etcd.nowUnixMs;
    const columns = COLUMNS[t.kind] ?? [{ name: "AGE", value: COLUMNS.Namespace![1]!.value }];
    const named = !NO_NAME_COLUMN.has(t.kind);
    // The server's column names are title case ("Nominated Node", "Cluster-IP"); kubectl upper-cases them.
    const title = (name: string) =>
      name
        .split(/([ -])/)
        .map((w) => (w === "IP" || w.length <= 1 ? w : w[0] + w.slice(1).toLowerCase()))
        .join("");
    return {
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      metadata: { resourceVersion },
      columnDefinitions: [
        ...(named
          ? [{ name: "Name", type: "string", format: "name", description: "Name must be unique within a namespace.", priority: 0 }]
          : []),
        ...columns.map((c) => ({ name: title(c.name), type: "string", format: "", description: "", priority: c.wide ? 1 : 0 })),
      ],
      rows: items.map((o) => ({
        cells: [...(named ? [o.metadata.name] : []), ...columns.map((c) => c.value(o, now))],
        object:
          include === "Object"
            ? o
            : include === "None"
              ? null
              : { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: o.metadata },
      })),
    };
  }

  /** The scale subresource (autoscaling/v1 Scale) of a Deployment or ReplicaSet. */
  private *scale(req: RestRequest, t: ResourceType, namespace: string | undefined, name: string): Task<RestResponse> {
    const toScale = (o: KubeObject): Json => {
      const matchLabels = ((o.spec as Json).selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ?? {};
      return {
        kind: "Scale",
        apiVersion: "autoscaling/v1",
        metadata: {
          name: o.metadata.name,
          namespace: o.metadata.namespace,
          uid: o.metadata.uid,
          resourceVersion: o.metadata.resourceVersion,
          creationTimestamp: o.metadata.creationTimestamp,
        },
        spec: { replicas: (o.spec as Json).replicas ?? 0 },
        status: {
          replicas: (o.status as Json | undefined)?.replicas ?? 0,
          selector: Object.keys(matchLabels)
            .sort()
            .map((k) => `${k}=${matchLabels[k]}`)
            .join(","),
        },
      };
    };
    if (req.method === "GET") return json(200, toScale(yield* this.wait(this.api.get(t, namespace, name))));
    if (req.method !== "PUT" && req.method !== "PATCH")
      throw new KubeError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    const body = this.body(req);
    const kind = req.contentType?.split(";")[0] ?? "";
    const updated = yield* this.wait(
      this.api.modify(t, namespace, name, (current) => {
        const scale = req.method === "PUT" ? (body as Json) : patcher(kind, body)(toScale(current));
        const replicas = Number((scale.spec as Json | undefined)?.replicas ?? 0);
        if (!Number.isInteger(replicas) || replicas < 0)
          throw new KubeError(
            422,
            "Invalid",
            `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`,
          );
        return { ...current, spec: { ...(current.spec as Json), replicas } };
      }),
    );
    return json(200, toScale(updated));
  }

  /** A pod's log: what the lab's containers print (the same text `kubectl logs` shows in the lab). */
  private *log(t: ResourceType, namespace: string | undefined, name: string, query: ReadonlyMap<string, string>): Task<RestResponse> {
    const pod = yield* this.wait(this.api.get(t, namespace, name));
    const log = containerLog(pod, query.get("container") ?? undefined);
    if ("error" in log) throw new KubeError(400, "BadRequest", log.error);
    const tail = query.has("tailLines") ? Number(query.get("tailLines")) : -1;
    const lines = log.lines;
    return {
      status: 200,
      contentType: "text/plain",
      body: (tail >= 0 ? lines.slice(Math.max(0, lines.length - tail)) : lines).map((l) => `${l}\n`).join(""),
    };
  }

  // ------------------------------------------------------------------ watch

  /**
   * A watch (`?watch=true`): events after the request's resourceVersion, each written as one
   * JSON line, a Table with one row when the client asked for tables. Without a resourceVersion,
   * or with "0", the watch starts at the current state and first sends it as synthetic ADDED
   * events, as kube-apiserver does (kubectl get -w NAME relies on it and skips that first event).
   */
  watch(req: RestRequest, write: (chunk: string) => void): { stop(): void } | RestResponse {
    const target = this.target(req.path.replace(/\/+$/, ""));
    if (!target || target.name) return statusOf(notFoundPath());
    const { t, namespace } = target;
    const labels = req.query.get("labelSelector") ?? "";
    const fields = req.query.get("fieldSelector") ?? "";
    const nameField = /^metadata\.name=(.*)$/.exec(fields)?.[1];
    let first = true;
    const send = (type: string, o: KubeObject) => {
      if (
        !matchesLabels(o, labels) ||
        (nameField === undefined && !matchesFields(o, fields)) ||
        (nameField !== undefined && o.metadata.name !== nameField)
      )
        return;
      const object = this.wantsTable(req) ? this.table(req, t, [o], o.metadata.resourceVersion ?? "") : o;
      // Only the first event of a table watch carries the column definitions.
      if (this.wantsTable(req) && !first) (object as Json).columnDefinitions = [];
      first = false;
      write(`${JSON.stringify({ type, object })}\n`);
    };
    const watchFrom = (rv: number) =>
      this.api.watch(t, namespace, rv, (e: WatchEvent) => {
        if (e.type === "ERROR") write(`${JSON.stringify(e)}\n`);
        else send(e.type, e.object as KubeObject);
      });
    const rv = Number(req.query.get("resourceVersion") || 0);
    if (rv > 0) return watchFrom(rv);
    let stopped = false;
    let watch: { stop(): void } | undefined;
    const list = this.api.list(t, namespace);
    list.onSettle(() => {
      if (stopped) return;
      if (list.state !== "ok") {
        write(`${JSON.stringify({ type: "ERROR", object: list.error!.status() })}\n`);
        return;
      }
      for (const o of list.value!.items) send("ADDED", o);
      watch = watchFrom(Number(list.value!.resourceVersion));
    });
    return {
      stop: () => {
        stopped = true;
        watch?.stop();
      },
    };
  }
}

// ------------------------------------------------------------------ patches

/** The patch function for a PATCH request's content type. */
export function patcher(contentType: string, patch: unknown): (target: Json) => Json {
  switch (contentType) {
    case "application/merge-patch+json":
      return (target) => mergePatch(target, patch) as Json;
    case "application/strategic-merge-patch+json":
      return (target) => strategicMergePatch(target, patch) as Json;
    case "application/json-patch+json":
      return (target) => jsonPatch(target, patch);
    default:
      throw new KubeError(
        415,
        "" as never,
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
      );
  }
}

/** A deep copy of JSON data. */
export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** RFC 7386 JSON merge patch: objects merge key by key, null deletes, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Json = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * Strategic merge patch, as far as the lab's kinds need it: a merge patch in which lists of
 * named objects (containers, env, volumes, ports with names) merge by name, `$patch: delete`
 * removes an element, and the `$setElementOrder`/`$retainKeys` directives are accepted.
 */
export function strategicMergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch) && Array.isArray(target) && [...patch, ...target].every((e) => isObject(e) && typeof e.name === "string")) {
    const out = target.map((e) => ({ ...(e as Json) }));
    for (const p of patch as Json[]) {
      const i = out.findIndex((e) => e.name === p.name);
      if (p.$patch === "delete") {
        if (i >= 0) out.splice(i, 1);
      } else if (i >= 0) out[i] = strategicMergePatch(out[i], p) as Json;
      else out.push(strategicMergePatch({}, p) as Json);
    }
    return out;
  }
  if (!isObject(patch)) return patch;
  const out: Json = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$setElementOrder/") || k === "$retainKeys" || k === "$patch") continue;
    if (v === null) delete out[k];
    else out[k] = strategicMergePatch(out[k], v);
  }
  return out;
}

/** RFC 6902 JSON patch: add, remove, replace, test, move and copy on JSON pointers. */
export function jsonPatch(target: Json, ops: unknown): Json {
  if (!Array.isArray(ops)) throw new KubeError(400, "BadRequest", "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  const doc: { root: unknown } = { root: jsonCopy(target) };
  const parse = (pointer: unknown): string[] => {
    if (typeof pointer !== "string" || (pointer !== "" && !pointer.startsWith("/")))
      throw new KubeError(422, "Invalid", `the server rejected our request due to an error in our request`);
    return pointer === ""
      ? []
      : pointer
          .slice(1)
          .split("/")
          .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  };
  const parentOf = (path: string[]): [Json | unknown[], string] => {
    let node: unknown = doc.root;
    for (const key of path.slice(0, -1)) {
      node = Array.isArray(node) ? node[Number(key)] : isObject(node) ? node[key] : undefined;
      if (node === undefined) throw new KubeError(422, "Invalid", `doc is missing path: "/${path.join("/")}": missing value`);
    }
    return [node as Json | unknown[], path[path.length - 1]!];
  };
  const getAt = (path: string[]): unknown => {
    if (path.length === 0) return doc.root;
    const [parent, key] = parentOf(path);
    return Array.isArray(parent) ? parent[Number(key)] : parent[key];
  };
  const remove = (path: string[]): unknown => {
    const [parent, key] = parentOf(path);
    const value = Array.isArray(parent) ? parent[Number(key)] : parent[key];
    if (value === undefined) throw new KubeError(422, "Invalid", `doc is missing path: "/${path.join("/")}": missing value`);
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
    return value;
  };
  const add = (path: string[], value: unknown) => {
    if (path.length === 0) {
      doc.root = value;
      return;
    }
    const [parent, key] = parentOf(path);
    if (Array.isArray(parent)) parent.splice(key === "-" ? parent.length : Number(key), 0, value);
    else parent[key] = value;
  };
  for (const op of ops as Json[]) {
    const path = parse(op.path);
    switch (op.op) {
      case "add":
        add(path, jsonCopy(op.value));
        break;
      case "remove":
        remove(path);
        break;
      case "replace":
        remove(path);
        add(path, jsonCopy(op.value));
        break;
      case "test":
        if (JSON.stringify(getAt(path)) !== JSON.stringify(op.value)) throw new KubeError(422, "Invalid", "testing value failed");
        break;
      case "move":
        add(path, remove(parse(op.from)));
        break;
      case "copy":
        add(path, jsonCopy(getAt(parse(op.from))));
        break;
      default:
        throw new KubeError(422, "Invalid", `Unexpected kind: ${String(op.op)}`);
    }
  }
  if (!isObject(doc.root)) throw new KubeError(422, "Invalid", "the patch made the object something other than an object");
  return doc.root;
}

export type { Target };
