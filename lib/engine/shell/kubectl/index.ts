// kubectl for the lab terminal, talking to the lab's kube-apiserver: get (tables, wide,
// yaml, json, name, labels and selectors, several types at once), run, create namespace,
// delete and version, with kubectl's messages and exit codes.

import { Pending, type Waitable } from "../../etcd/pending";
import type { KubeCluster } from "../../kube/cluster";
import { KUBERNETES_VERSION } from "../../kube/cluster";
import { KubeError } from "../../kube/errors";
import type { ResourceType } from "../../kube/resources";
import { apiServerMetrics } from "../../kube/metrics";
import type { KubeObject } from "../../kube/store";
import { fromText } from "../../etcd/bytes";
import { base64Encode } from "../builtins";
import { ARRAY_SEPARATOR, FlagError, parseFlags, type FlagSpec } from "../etcdctl/flags";
import { isoTime } from "../etcdctl/format";
import { Exit, wait, type Command, type CommandContext, type Program } from "../program";
import { VfsError } from "../vfs";
import { describe } from "./describe";
import {
  configMapFor,
  deploymentFor,
  goIndentJson,
  namespaceFor,
  podFor,
  roleBindingFor,
  roleFor,
  secretFor,
  serviceAccountFor,
  serviceFor,
} from "./generators";
import { explain } from "./explain";
import { contextNamespace, loadKubeconfig, redacted, saveKubeconfig, type Kubeconfig } from "./kubeconfig";
import { tabwrite } from "./tabwriter";
import { goSort, naturalLess } from "./gosort";
import { KUBECTL_HELP } from "./help-text";
import { containerLog } from "../../kube/logs";
import { matchesFields, matchesLabels } from "../../kube/selectors";
import { jsonCopy } from "../../kube/rest";
import { jsonpath, JsonPathError, jsonpathValues } from "./jsonpath";
import { applyOnto, LAST_APPLIED, readManifests, type Manifest } from "./manifests";
import { COLUMNS, NO_NAME_COLUMN } from "../../kube/printers";
import { layout } from "./tables";
import { toKubeJson, toYaml } from "./yaml";

const GLOBAL: FlagSpec[] = [
  { name: "namespace", short: "n", type: "string", default: "" },
  { name: "all-namespaces", short: "A", type: "bool", default: "false" },
  { name: "output", short: "o", type: "string", default: "" },
  { name: "selector", short: "l", type: "string", default: "" },
  { name: "field-selector", type: "string", default: "" },
  { name: "show-labels", type: "bool", default: "false" },
  { name: "no-headers", type: "bool", default: "false" },
  { name: "sort-by", type: "string", default: "" },
  { name: "watch", short: "w", type: "bool", default: "false" },
  { name: "raw", type: "string", default: "" },
  { name: "address", type: "string", default: "localhost" },
  { name: "help", short: "h", type: "bool", default: "false" },
  { name: "image", type: "stringArray", default: "" },
  { name: "labels", type: "string", default: "" },
  { name: "restart", type: "string", default: "Always" },
  { name: "port", type: "string", default: "" },
  { name: "wait", type: "bool", default: "true" },
  { name: "replicas", type: "string", default: "" },
  { name: "from-literal", type: "stringArray", default: "" },
  { name: "from-file", type: "stringArray", default: "" },
  { name: "tcp", type: "stringSlice", default: "" },
  { name: "node-port", type: "string", default: "0" },
  { name: "clusterip", type: "string", default: "" },
  { name: "verb", type: "stringSlice", default: "" },
  { name: "resource", type: "stringSlice", default: "" },
  { name: "role", type: "string", default: "" },
  { name: "clusterrole", type: "string", default: "" },
  { name: "user", type: "stringArray", default: "" },
  { name: "group", type: "stringArray", default: "" },
  { name: "serviceaccount", type: "stringArray", default: "" },
  { name: "rm", type: "bool", default: "false" },
  { name: "stdin", short: "i", type: "bool", default: "false" },
  { name: "tty", short: "t", type: "bool", default: "false" },
  { name: "attach", type: "bool", default: "false" },
  { name: "show-managed-fields", type: "bool", default: "false" },
  { name: "validate", type: "string", default: "strict", noOptDefault: "strict" },
  { name: "dry-run", type: "string", default: "none", noOptDefault: "unchanged" },
  { name: "env", type: "stringArray", default: "" },
  { name: "annotations", type: "stringArray", default: "" },
  { name: "image-pull-policy", type: "string", default: "" },
  { name: "command", type: "bool", default: "false" },
  { name: "type", type: "string", default: "" },
  { name: "filename", short: "f", type: "stringSlice", default: "" },
  { name: "overwrite", type: "bool", default: "false" },
  { name: "to-revision", type: "string", default: "0" },
  { name: "tail", type: "string", default: "-1" },
  { name: "follow", type: "bool", default: "false" },
  { name: "kubeconfig", type: "string", default: "" },
  { name: "context", type: "string", default: "" },
  { name: "recursive", type: "bool", default: "false" },
  { name: "current", type: "bool", default: "false" },
  { name: "container", short: "c", type: "string", default: "" },
  { name: "now", type: "bool", default: "false" },
  { name: "grace-period", type: "string", default: "-1" },
  { name: "cluster", type: "string", default: "" },
  { name: "minify", type: "bool", default: "false" },
  { name: "raw-config", type: "bool", default: "false" },
  { name: "api-version", type: "string", default: "" },
  { name: "client", type: "bool", default: "false" },
  { name: "local", type: "bool", default: "false" },
];

class KubectlExit extends Exit {}

interface Invocation {
  ctx: CommandContext;
  kube: KubeCluster;
  values: Map<string, string>;
  args: string[];
}

function fail(inv: { ctx: CommandContext }, message: string, code = 1): never {
  inv.ctx.io.err(`${message}\n`);
  throw new KubectlExit(code);
}

function flag(inv: Invocation, name: string): string {
  return inv.values.get(name) ?? GLOBAL.find((f) => f.name === name)!.default;
}

/** A klog line on stderr: "W1125 12:18:30.741781   15543 helpers.go:702] message". */
function klog(inv: Invocation, level: "W" | "E" | "I", caller: string, message: string): void {
  const iso = isoTime(inv.kube.etcd.nowUnixMs);
  inv.ctx.io.err(
    `${level}${iso.slice(5, 7)}${iso.slice(8, 10)} ${iso.slice(11, 23)}000   ${1000 + (inv.kube.etcd.nowUnixMs % 9000)} ${caller}] ${message}\n`,
  );
}

/** The namespace the user named with -n, if any (generated objects carry it only then). */
function explicitNamespace(inv: Invocation): string | undefined {
  return inv.values.get("namespace") || undefined;
}

/**
 * --dry-run=client: prints the object the command would send and stops; undefined when the
 * command should go on and create it. --dry-run=server is refused (this lab does not run it).
 */
function dryRun(inv: Invocation, obj: KubeObject, typeName: string): Program | undefined {
  const mode = inv.values.has("dry-run") ? flag(inv, "dry-run") || "client" : "none";
  if (mode === "none") return undefined;
  if (mode !== "client" && mode !== "server" && mode !== "unchanged")
    return (function* (): Program {
      return fail(inv, `error: Invalid dry-run value (${mode}). Must be "none", "server", or "client".`);
    })();
  return (function* (): Program {
    if (mode === "unchanged") klog(inv, "W", "helpers.go:702", "--dry-run is deprecated and can be replaced with --dry-run=client.");
    if (mode === "server") return fail(inv, "error: --dry-run=server is not available in this lab; use --dry-run=client");
    const output = flag(inv, "output");
    if (output === "yaml") inv.ctx.io.out(toYaml(obj));
    else if (output === "json") inv.ctx.io.out(goIndentJson(obj));
    else if (output === "name") inv.ctx.io.out(`${typeName}/${obj.metadata.name}\n`);
    else if (output.startsWith("jsonpath=")) {
      try {
        inv.ctx.io.out(jsonpath(output.slice("jsonpath=".length), obj));
      } catch (error) {
        if (!(error instanceof JsonPathError)) throw error;
        return fail(inv, `error: error parsing jsonpath ${output.slice("jsonpath=".length)}, ${error.message}`);
      }
    } else if (output === "") inv.ctx.io.out(`${typeName}/${obj.metadata.name} created (dry run)\n`);
    else
      return fail(
        inv,
        `error: unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`,
      );
    return 0;
  })();
}

/** -n, else the namespace of the kubeconfig context in use, else default. */
function namespaceOf(inv: Invocation): string {
  if (flag(inv, "namespace")) return flag(inv, "namespace");
  try {
    return contextNamespace(inv.ctx, flag(inv, "context")) ?? "default";
  } catch {
    return "default";
  }
}

/** Waits for an API call; an API error ends the command as kubectl reports it. */
function* call<T>(inv: Invocation, p: Pending<T, KubeError>): Generator<Waitable, T, unknown> {
  try {
    return yield* wait(p);
  } catch (error) {
    if (!(error instanceof KubeError)) throw error;
    return fail(inv, error.reason ? `Error from server (${error.reason}): ${error.message}` : `Error from server: ${error.message}`);
  }
}

/** Waits for an API call and hands back its outcome, error included. */
function* settle<T>(p: Pending<T, KubeError>): Generator<Waitable, Pending<T, KubeError>, unknown> {
  if (!p.settled) yield p;
  return p;
}

function resolveType(inv: Invocation, name: string): ResourceType {
  const t = inv.kube.api.registry.resolve(name);
  if (!t) return fail(inv, `error: the server doesn't have a resource type "${name}"`);
  return t;
}

/** How kubectl names an object with its type: pod/web, deployment.apps/web. */
/** How kubectl names a type in its messages: pod, deployment.apps. */
function typeLabel(t: ResourceType): string {
  return `${t.singular}${t.group ? `.${t.group}` : ""}`;
}

function typedName(t: ResourceType, name: string): string {
  return `${typeLabel(t)}/${name}`;
}

function labelsText(obj: KubeObject): string {
  const labels = Object.entries(obj.metadata.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(",") : "<none>";
}

/** Objects in namespace, then name order: how the API server lists them. */
function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  const na = a.metadata.namespace ?? "";
  const nb = b.metadata.namespace ?? "";
  if (na !== nb) return na < nb ? -1 : 1;
  return a.metadata.name < b.metadata.name ? -1 : 1;
}

/**
 * --sort-by with a field path ({.metadata.creationTimestamp} or .metadata.creationTimestamp):
 * kubectl's order (numbers by value, strings naturally) through Go's unstable sort, so ties
 * come out as kubectl prints them.
 */
function sortByField(items: KubeObject[], path: string): KubeObject[] {
  const parts = path
    .replace(/^\{|\}$/g, "")
    .replace(/^\./, "")
    .split(".");
  const at = (o: unknown) =>
    parts.reduce<unknown>((v, p) => (v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined), o);
  return goSort([...items], (a, b) => {
    const x = at(a);
    const y = at(b);
    if (typeof x === "number" && typeof y === "number") return x < y;
    return naturalLess(String(x ?? ""), String(y ?? ""));
  });
}

// ------------------------------------------------------------------ get

function* get(inv: Invocation): Program {
  const raw = flag(inv, "raw");
  if (raw) return yield* getRaw(inv, raw);
  if (inv.args.length === 0) {
    return fail(
      inv,
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee \'kubectl get -h\' for help and examples',
    );
  }
  // TYPE[,TYPE] [NAME...] or TYPE/NAME ...
  const requests: Array<{ t: ResourceType; names: string[] }> = [];
  if (inv.args[0]!.includes("/")) {
    for (const a of inv.args) {
      const [type, name] = a.split("/");
      if (!name) return fail(inv, `error: arguments in resource/name form must have a single resource and name`);
      const t = resolveType(inv, type!);
      const existing = requests.find((r) => r.t === t);
      if (existing) existing.names.push(name);
      else requests.push({ t, names: [name] });
    }
  } else {
    for (const type of inv.args[0]!.split(",")) {
      // The "all" category: the workload kinds, in kubectl's order.
      if (type === "all") {
        for (const kind of ["pods", "services", "deployments", "replicasets"])
          requests.push({ t: resolveType(inv, kind), names: inv.args.slice(1) });
      } else requests.push({ t: resolveType(inv, type), names: inv.args.slice(1) });
    }
  }
  const output = flag(inv, "output");
  const jsonpathTemplate = output.startsWith("jsonpath=") ? output.slice("jsonpath=".length) : undefined;
  const customColumns = output.startsWith("custom-columns=") ? parseCustomColumns(inv, output.slice("custom-columns=".length)) : undefined;
  if (output && !["wide", "yaml", "json", "name"].includes(output) && jsonpathTemplate === undefined && !customColumns) {
    return fail(
      inv,
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`,
    );
  }
  const all = flag(inv, "all-namespaces") === "true";
  const namespace = namespaceOf(inv);
  const selector = flag(inv, "selector");
  const results: Array<{ t: ResourceType; items: KubeObject[]; listRv: number }> = [];
  let notFound = false;
  for (const { t, names } of requests) {
    if (names.length > 0) {
      const items: KubeObject[] = [];
      for (const name of names) {
        const p = yield* settle(inv.kube.api.get(t, namespace, name));
        if (p.state === "ok") items.push(p.value!);
        else if (p.error!.code === 404) {
          inv.ctx.io.err(`Error from server (NotFound): ${p.error!.message}\n`);
          notFound = true;
        } else yield* call(inv, p);
      }
      results.push({ t, items, listRv: Math.max(0, ...items.map((o) => Number(o.metadata.resourceVersion ?? 0))) });
    } else {
      const list = yield* call(inv, inv.kube.api.list(t, all ? undefined : namespace));
      const fields = flag(inv, "field-selector");
      results.push({
        t,
        items: list.items.filter((o) => matchesLabels(o, selector) && matchesFields(o, fields)),
        listRv: Number(list.resourceVersion),
      });
    }
  }
  const total = results.reduce((n, r) => n + r.items.length, 0);
  if (total === 0) {
    if (!notFound && requests.every((r) => r.names.length === 0)) {
      const scoped = requests.some((r) => r.t.namespaced) && !all;
      inv.ctx.io.err(scoped ? `No resources found in ${namespace} namespace.\n` : "No resources found\n");
    }
    if (flag(inv, "watch") !== "true" || results.length !== 1) return notFound ? 1 : 0;
  }
  const objects = results.flatMap((r) => r.items);
  const single = requests.length === 1 && requests[0]!.names.length === 1;
  if (jsonpathTemplate !== undefined) {
    const doc = single ? objects[0] : { apiVersion: "v1", items: objects, kind: "List", metadata: { resourceVersion: "" } };
    try {
      inv.ctx.io.out(jsonpath(jsonpathTemplate, doc));
    } catch (error) {
      if (!(error instanceof JsonPathError)) throw error;
      return fail(inv, `error: error parsing jsonpath ${jsonpathTemplate}, ${error.message}`);
    }
    return notFound ? 1 : 0;
  }
  if (customColumns) {
    const rows = objects.map((o) => customColumns.map((c) => customCell(jsonpathValues(c.path, o))));
    const table = layout([customColumns.map((c) => c.header), ...rows]);
    inv.ctx.io.out(flag(inv, "no-headers") === "true" ? table.slice(table.indexOf("\n") + 1) : table);
    return notFound ? 1 : 0;
  }
  if (output === "yaml" || output === "json") {
    const doc = single ? objects[0] : { apiVersion: "v1", items: objects, kind: "List", metadata: { resourceVersion: "" } };
    inv.ctx.io.out(output === "yaml" ? toYaml(doc) : toKubeJson(doc));
    return notFound ? 1 : 0;
  }
  if (output === "name") {
    inv.ctx.io.out(results.flatMap((r) => r.items.map((o) => `${typedName(r.t, o.metadata.name)}\n`)).join(""));
    return notFound ? 1 : 0;
  }
  const wide = output === "wide";
  const showLabels = flag(inv, "show-labels") === "true";
  const now = inv.kube.etcd.nowUnixMs;
  // kind/name in the NAME column whenever more than one kind was asked for, even if only one has objects.
  const several = requests.length > 1;
  const tableOf = (t: ResourceType) => {
    const columns = (COLUMNS[t.kind] ?? [{ name: "AGE", value: COLUMNS.Namespace![1]!.value }]).filter((c) => wide || !c.wide);
    const named = !NO_NAME_COLUMN.has(t.kind);
    const header = [
      ...(all && t.namespaced ? ["NAMESPACE"] : []),
      ...(named ? ["NAME"] : []),
      ...columns.map((c) => c.name),
      ...(showLabels ? ["LABELS"] : []),
    ];
    const cells = (o: KubeObject, at: number) => [
      ...(all && t.namespaced ? [o.metadata.namespace ?? ""] : []),
      ...(named ? [several ? typedName(t, o.metadata.name) : o.metadata.name] : []),
      ...columns.map((c) => c.value(o, at)),
      ...(showLabels ? [labelsText(o)] : []),
    ];
    return { header, cells };
  };
  const rowOf = (o: KubeObject) => {
    const { header, cells } = tableOf(results[0]!.t);
    return { header, cells: cells(o, inv.kube.etcd.nowUnixMs) };
  };
  const blocks: string[] = [];
  // -w keeps the table's column widths for the rows that follow (they only grow).
  const widths: number[] = [];
  for (const { t, items } of results) {
    if (items.length === 0) continue;
    const { header, cells } = tableOf(t);
    const sortBy = flag(inv, "sort-by");
    const sorted = sortBy ? sortByField(items, sortBy) : [...items].sort(byNamespaceAndName);
    // --no-headers: the columns are as wide as their cells alone.
    const noHeaders = flag(inv, "no-headers") === "true";
    blocks.push(layout([...(noHeaders ? [] : [header]), ...sorted.map((o) => cells(o, now))], results.length === 1 ? widths : undefined));
  }
  inv.ctx.io.out(blocks.join("\n"));
  if (flag(inv, "watch") === "true" && results.length === 1) {
    const { t } = results[0]!;
    let fromRv = results[0]!.listRv;
    if (requests[0]!.names.length > 0) {
      // Named objects are watched from "now" (resourceVersion 0): kubectl skips the synthetic ADDED
      // event that starts such a watch, so only what changes after the watch opens is printed.
      fromRv = Number((yield* call(inv, inv.kube.api.list(t, all ? undefined : namespace))).resourceVersion);
    }
    return yield* watchRows(inv, t, all ? undefined : namespace, fromRv, (o) => rowOf(o), widths);
  }
  return notFound ? 1 : 0;
}

/** -o custom-columns=HEADER:PATH,...: the columns, or kubectl's error for a malformed spec. */
function parseCustomColumns(inv: Invocation, spec: string): Array<{ header: string; path: string }> {
  if (!spec) return fail(inv, "error: custom-columns format specified but no custom columns given");
  return spec.split(",").map((part) => {
    const colon = part.indexOf(":");
    if (colon < 0) return fail(inv, `error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), path: part.slice(colon + 1) };
  });
}

/** A custom column's cell: Go's %v of each value the path selects, joined by commas; <none> for nothing. */
function customCell(values: unknown[]): string {
  const goValue = (v: unknown): string => {
    if (v === null || v === undefined) return "<nil>";
    if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
    if (typeof v === "object")
      return `map[${Object.keys(v)
        .sort()
        .map((k) => `${k}:${goValue((v as Record<string, unknown>)[k])}`)
        .join(" ")}]`;
    return String(v);
  };
  return values.length === 0 ? "<none>" : values.map(goValue).join(",");
}

/** kubectl get -w: after the table, one row per change, until interrupted. */
function* watchRows(
  inv: Invocation,
  t: ResourceType,
  namespace: string | undefined,
  fromRv: number,
  row: (o: KubeObject) => { header: string[]; cells: string[] },
  widths: number[],
): Program {
  const queue: KubeObject[] = [];
  let wake: Pending<void, KubeError> | undefined;
  let gone: string | undefined;
  const names = new Set(inv.args.slice(1));
  const watch = inv.kube.api.watch(t, namespace, fromRv, (e) => {
    if (e.type === "ERROR") gone = String((e.object as { message?: string }).message ?? "watch error");
    else if (names.size === 0 || names.has((e.object as KubeObject).metadata.name)) queue.push(e.object as KubeObject);
    wake?.resolve(undefined);
  });
  try {
    for (;;) {
      if (queue.length === 0 && !gone) {
        wake = new Pending<void, KubeError>();
        yield* wait(wake);
      }
      for (const o of queue.splice(0)) {
        const { header, cells } = row(o);
        // Each change is printed on its own, in columns at least as wide as any before it.
        inv.ctx.io.out(
          layout(widths.length > 0 ? [cells] : [header, cells], widths)
            .split("\n")
            .at(-2)! + "\n",
        );
      }
      if (gone) return fail(inv, `error: ${gone}`);
    }
  } finally {
    watch.stop();
  }
}

// ------------------------------------------------------------------ run, create, delete

function* run(inv: Invocation): Program {
  // cobra checks required flags before the command looks at its arguments.
  const image = flag(inv, "image").split(ARRAY_SEPARATOR)[0];
  if (!image) return fail(inv, 'error: required flag(s) "image" not set');
  const name = inv.args[0];
  if (!name) return fail(inv, "error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
  const restart = flag(inv, "restart");
  if (!["Always", "OnFailure", "Never"].includes(restart))
    return fail(inv, `error: invalid restart policy: ${restart}\nSee 'kubectl run -h' for help and examples`);
  const attached = flag(inv, "stdin") === "true" || flag(inv, "tty") === "true" || flag(inv, "attach") === "true";
  if (attached && inv.values.has("dry-run") && flag(inv, "dry-run") !== "none") {
    return fail(
      inv,
      "error: --dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)\nSee 'kubectl run -h' for help and examples",
    );
  }
  if (flag(inv, "rm") === "true" && !attached)
    return fail(inv, "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples");
  if (attached)
    return fail(
      inv,
      "error: this lab's terminal cannot attach to a container (kubectl run -i/-t); run it without -i/-t and use kubectl logs",
    );
  let labels: Record<string, string> = { run: name };
  if (flag(inv, "labels")) {
    labels = {};
    for (const pair of flag(inv, "labels").split(",")) {
      const eq = pair.indexOf("=");
      if (eq <= 0) return fail(inv, `error: unexpected label spec: ${pair}`);
      labels[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
  }
  const annotations: Record<string, string> = {};
  for (const pair of flag(inv, "annotations").split(ARRAY_SEPARATOR).filter(Boolean)) {
    const eq = pair.indexOf("=");
    annotations[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const portText = flag(inv, "port");
  if (portText && !/^-?\d+$/.test(portText)) return fail(inv, `error: strconv.Atoi: parsing "${portText}": invalid syntax`);
  const env: Array<{ name: string; value: string }> = [];
  for (const pair of flag(inv, "env").split(ARRAY_SEPARATOR).filter(Boolean)) {
    const eq = pair.indexOf("=");
    if (eq <= 0) return fail(inv, `error: invalid env: ${pair}`);
    env.push({ name: pair.slice(0, eq), value: pair.slice(eq + 1) });
  }
  // Words after "--": the container's arguments, or its command with --command.
  const extra = inv.args.slice(1);
  const pod = podFor(
    { name, namespace: explicitNamespace(inv), labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    {
      name,
      image,
      ...(extra.length ? (flag(inv, "command") === "true" ? { command: extra } : { args: extra }) : {}),
      ...(portText ? { port: Number(portText) } : {}),
      ...(env.length ? { env } : {}),
      ...(flag(inv, "image-pull-policy") ? { imagePullPolicy: flag(inv, "image-pull-policy") } : {}),
    },
    flag(inv, "restart"),
  );
  const dry = dryRun(inv, pod, "pod");
  if (dry) return yield* dry;
  yield* call(inv, inv.kube.api.create(inv.kube.api.registry.resolve("pods")!, pod, namespaceOf(inv)));
  inv.ctx.io.out(`pod/${name} created\n`);
  return 0;
}

/** --from-literal=key=value pairs (repeatable). */
function literals(inv: Invocation, what: "ConfigMap" | "Secret"): Record<string, string> {
  const out: Record<string, string> = {};
  // --from-file=[key=]path: the file's content under its name (or the given key).
  for (const source of flag(inv, "from-file").split(ARRAY_SEPARATOR).filter(Boolean)) {
    const eq = source.indexOf("=");
    const path = eq > 0 ? source.slice(eq + 1) : source;
    const key = eq > 0 ? source.slice(0, eq) : path.replace(/^.*\//, "");
    let content: string;
    try {
      content = inv.ctx.shell.vfs.read(path);
    } catch (error) {
      if (!(error instanceof VfsError)) throw error;
      return fail(inv, `error: error reading ${path}: no such file or directory`);
    }
    if (key in out)
      return fail(
        inv,
        `error: cannot add key "${key}", another key by that name already exists in Data for ${what} "${inv.args[what === "Secret" ? 1 : 0]}"`,
      );
    out[key] = content;
  }
  for (const pair of flag(inv, "from-literal").split(ARRAY_SEPARATOR).filter(Boolean)) {
    const eq = pair.indexOf("=");
    if (eq <= 0) return fail(inv, `error: invalid literal source ${pair}, expected key=value`);
    const key = pair.slice(0, eq);
    if (key in out)
      return fail(
        inv,
        `error: cannot add key "${key}", another key by that name already exists in Data for ${what} "${inv.args[what === "Secret" ? 1 : 0]}"`,
      );
    out[key] = pair.slice(eq + 1);
  }
  // Data is a Go map, which encoding/json writes with its keys sorted (-o json shows it).
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The objects of every -f file (or - for standard input). */
function filesOf(inv: Invocation): Manifest[] {
  const out: Manifest[] = [];
  for (const file of flag(inv, "filename").split(",").filter(Boolean)) {
    let text: string;
    try {
      text = file === "-" ? inv.ctx.io.stdin : inv.ctx.shell.vfs.read(file);
    } catch (error) {
      if (!(error instanceof VfsError)) throw error;
      return fail(inv, `error: the path "${file}" does not exist`);
    }
    const r = readManifests(text, file, inv.kube.api.registry);
    if ("error" in r) return fail(inv, r.error);
    out.push(...r.ok);
  }
  if (out.length === 0) return fail(inv, "error: no objects passed to apply");
  return out;
}

function label(m: Manifest): string {
  return typedName(m.type, m.object.metadata.name);
}

function* apply(inv: Invocation): Program {
  if (!flag(inv, "filename")) return fail(inv, "error: must specify one of -f and -k");
  const api = inv.kube.api;
  for (const m of filesOf(inv)) {
    const ns = m.type.namespaced ? (m.object.metadata.namespace ?? namespaceOf(inv)) : undefined;
    const applied = { ...m.object, metadata: { ...m.object.metadata, ...(ns ? { namespace: ns } : {}) } };
    const lastApplied = `${JSON.stringify(applied)}\n`;
    const current = yield* settle(api.get(m.type, ns, applied.metadata.name));
    if (current.state === "error" && current.error!.code !== 404) yield* call(inv, current);
    if (current.state === "error") {
      const annotated = {
        ...applied,
        metadata: { ...applied.metadata, annotations: { ...applied.metadata.annotations, [LAST_APPLIED]: lastApplied } },
      };
      yield* call(inv, api.create(m.type, annotated, ns));
      inv.ctx.io.out(`${label(m)} created\n`);
      continue;
    }
    if (current.value!.metadata.annotations?.[LAST_APPLIED] === lastApplied) {
      inv.ctx.io.out(`${label(m)} unchanged\n`);
      continue;
    }
    yield* call(
      inv,
      api.modify(m.type, ns, applied.metadata.name, (cur) => applyOnto(cur, applied, lastApplied)),
    );
    inv.ctx.io.out(`${label(m)} configured\n`);
  }
  return 0;
}

/** kubectl replace -f: a full update (PUT); a resourceVersion in the file must still be current, or it is a Conflict. */
function* replace(inv: Invocation): Program {
  if (!flag(inv, "filename")) return fail(inv, "error: must specify --filename to replace");
  for (const m of filesOf(inv)) {
    const ns = m.type.namespaced ? (m.object.metadata.namespace ?? namespaceOf(inv)) : undefined;
    const obj = { ...m.object, metadata: { ...m.object.metadata, ...(ns ? { namespace: ns } : {}) } };
    const p = yield* settle(inv.kube.api.update(m.type, obj));
    if (p.state === "error") {
      const e = p.error!;
      return fail(inv, `Error from server (${e.reason || "InternalError"}): error when replacing "${flag(inv, "filename")}": ${e.message}`);
    }
    inv.ctx.io.out(`${label(m)} replaced\n`);
  }
  return 0;
}

function* deleteFiles(inv: Invocation): Program {
  let status = 0;
  for (const m of filesOf(inv)) {
    const ns = m.type.namespaced ? (m.object.metadata.namespace ?? namespaceOf(inv)) : undefined;
    const p = yield* settle(inv.kube.api.delete(m.type, ns, m.object.metadata.name));
    if (p.state === "ok") inv.ctx.io.out(`${typeLabel(m.type)} "${m.object.metadata.name}" deleted\n`);
    else {
      inv.ctx.io.err(
        `Error from server (${p.error!.reason || "InternalError"}): error when deleting "${flag(inv, "filename")}": ${p.error!.message}\n`,
      );
      status = 1;
    }
  }
  return status;
}

function* create(inv: Invocation): Program {
  if (flag(inv, "filename")) {
    for (const m of filesOf(inv)) {
      const ns = m.type.namespaced ? (m.object.metadata.namespace ?? namespaceOf(inv)) : undefined;
      // kubectl fills in the namespace it will create the object in.
      const dry = dryRun(inv, { ...m.object, metadata: { ...m.object.metadata, ...(ns ? { namespace: ns } : {}) } }, typeLabel(m.type));
      if (dry) {
        const code = yield* dry;
        if (code !== 0) return code;
        continue;
      }
      const p = yield* settle(inv.kube.api.create(m.type, m.object, ns));
      if (p.state === "error")
        return fail(inv, `Error from server (${p.error!.reason}): error when creating "${flag(inv, "filename")}": ${p.error!.message}`);
      inv.ctx.io.out(`${label(m)} created\n`);
    }
    return 0;
  }
  const [what, name, ...rest] = inv.args;
  const api = inv.kube.api;
  const made = (type: string, label: string, obj: KubeObject) =>
    (function* (): Program {
      yield* call(inv, api.create(api.registry.resolve(type)!, obj, namespaceOf(inv)));
      inv.ctx.io.out(`${label}/${obj.metadata.name} created\n`);
      return 0;
    })();
  const needName = (kind: string) => {
    // A deployment's arguments after its name are its command, not more names.
    const names = inv.args.length - 1;
    if (!name || (kind !== "deployment" && names > 1))
      return fail(
        inv,
        `error: exactly one NAME is required, got ${name ? names : 0}\nSee 'kubectl create ${kind} -h' for help and examples`,
      );
    return name;
  };
  const created = (type: string, label: string, obj: KubeObject) => dryRun(inv, obj, label) ?? made(type, label, obj);
  const meta = (name: string) => ({ name, namespace: explicitNamespace(inv) });
  switch (what) {
    case "namespace":
    case "ns":
      return yield* created("namespaces", "namespace", namespaceFor(needName("namespace")));
    case "deployment":
    case "deploy": {
      const images = flag(inv, "image").split(ARRAY_SEPARATOR).filter(Boolean);
      if (images.length === 0) return fail(inv, 'error: required flag(s) "image" not set');
      // create deployment's --port is an int32 flag.
      if (flag(inv, "port") && !/^-?\d+$/.test(flag(inv, "port")))
        return fail(
          inv,
          `error: invalid argument "${flag(inv, "port")}" for "--port" flag: strconv.ParseInt: parsing "${flag(inv, "port")}": invalid syntax\nSee 'kubectl create deployment --help' for usage.`,
        );
      const n = needName("deployment");
      const replicas = flag(inv, "replicas") ? Number(flag(inv, "replicas")) : 1;
      const port = flag(inv, "port");
      const command = rest.length > 0 ? rest : undefined;
      // kubectl names each container after its image.
      const containers = images.map((image) => ({
        name: image.replace(/^.*\//, "").replace(/[:@].*$/, ""),
        image,
        ...(command ? { command } : {}),
        ...(port ? { port: Number(port) } : {}),
      }));
      return yield* created("deployments", "deployment.apps", deploymentFor(meta(n), replicas, containers));
    }
    case "configmap":
    case "cm":
      return yield* created("configmaps", "configmap", configMapFor(meta(needName("configmap")), literals(inv, "ConfigMap")));
    case "serviceaccount":
    case "sa":
      return yield* created("serviceaccounts", "serviceaccount", serviceAccountFor(meta(needName("serviceaccount"))));
    case "service":
    case "svc": {
      const type = { clusterip: "ClusterIP", nodeport: "NodePort", loadbalancer: "LoadBalancer" }[name ?? ""];
      if (!type) return fail(inv, `error: unknown command "${name ?? ""}" for "kubectl create service"`);
      const svcName = rest[0];
      if (!svcName)
        return fail(inv, `error: exactly one NAME is required, got 0\nSee 'kubectl create service ${name} -h' for help and examples`);
      const clusterIP = flag(inv, "clusterip") || undefined;
      const ports: Array<{ port: number; targetPort: number; nodePort?: number }> = [];
      for (const spec of flag(inv, "tcp").split(",").filter(Boolean)) {
        const [port, target = port] = spec.split(":");
        const nodePort = Number(flag(inv, "node-port"));
        ports.push({ port: Number(port), targetPort: Number(target), ...(type === "NodePort" && nodePort ? { nodePort } : {}) });
      }
      if (ports.length === 0 && clusterIP !== "None") return fail(inv, "error: at least one tcp port specifier must be provided");
      return yield* created("services", "service", serviceFor(meta(svcName), type, ports, clusterIP));
    }
    case "role":
    case "clusterrole": {
      const n = needName(what);
      const verbs = flag(inv, "verb").split(",").filter(Boolean);
      if (verbs.length === 0) return fail(inv, "error: at least one verb must be specified");
      const resources = flag(inv, "resource").split(",").filter(Boolean);
      if (resources.length === 0) return fail(inv, "error: at least one resource must be specified");
      // One rule per API group, as kubectl groups the resources.
      const byGroup = new Map<string, string[]>();
      for (const r of resources) {
        const t = resolveType(inv, r);
        byGroup.set(t.group, [...(byGroup.get(t.group) ?? []), t.plural]);
      }
      const rules = [...byGroup].map(([group, res]) => ({ verbs, apiGroups: [group], resources: res }));
      return yield* created(
        what === "role" ? "roles" : "clusterroles",
        `${what}.rbac.authorization.k8s.io`,
        roleFor(what === "role" ? "Role" : "ClusterRole", what === "role" ? meta(n) : { name: n }, rules),
      );
    }
    case "rolebinding":
    case "clusterrolebinding": {
      const n = needName(what);
      const role = flag(inv, "role");
      const clusterRole = flag(inv, "clusterrole");
      if (!role && !clusterRole) return fail(inv, "error: exactly one of clusterrole or role must be specified");
      const subjects = [
        ...flag(inv, "user")
          .split(ARRAY_SEPARATOR)
          .filter(Boolean)
          .map((u) => ({ kind: "User", apiGroup: "rbac.authorization.k8s.io", name: u })),
        ...flag(inv, "group")
          .split(ARRAY_SEPARATOR)
          .filter(Boolean)
          .map((g) => ({ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: g })),
        ...flag(inv, "serviceaccount")
          .split(ARRAY_SEPARATOR)
          .filter(Boolean)
          .map((sa) => ({ kind: "ServiceAccount", namespace: sa.split(":")[0], name: sa.split(":")[1] ?? "" })),
      ];
      const kind = what === "rolebinding" ? "RoleBinding" : "ClusterRoleBinding";
      return yield* created(
        `${what}s`,
        `${what}.rbac.authorization.k8s.io`,
        roleBindingFor(
          kind,
          what === "rolebinding" ? meta(n) : { name: n },
          { kind: role ? "Role" : "ClusterRole", name: role || clusterRole },
          subjects,
        ),
      );
    }
    case "secret": {
      if (!name) {
        inv.ctx.io.err(KUBECTL_HELP["create secret"] ?? "");
        return 1;
      }
      if (name !== "generic") return fail(inv, `error: unknown command "${name}" for "kubectl create secret"`);
      const secretName = rest[0];
      if (!secretName)
        return fail(inv, "error: exactly one NAME is required, got 0\nSee 'kubectl create secret generic -h' for help and examples");
      const data = Object.fromEntries(Object.entries(literals(inv, "Secret")).map(([k, v]) => [k, base64Encode(fromText(v))]));
      return yield* created("secrets", "secret", secretFor(meta(secretName), data, flag(inv, "type") || undefined));
    }
    default:
      return fail(
        inv,
        what
          ? `error: Unexpected args: [${inv.args.join(" ")}]\nSee 'kubectl create -h' for help and examples`
          : "error: must specify one of -f and -k",
      );
  }
}

function* scale(inv: Invocation): Program {
  const replicasText = flag(inv, "replicas");
  if (!replicasText) return fail(inv, 'error: required flag(s) "replicas" not set');
  const replicas = Number(replicasText);
  if (!Number.isInteger(replicas) || replicas < 0)
    return fail(
      inv,
      `error: invalid argument "${replicasText}" for "--replicas" flag: strconv.ParseInt: parsing "${replicasText}": invalid syntax`,
    );
  const targets: Array<[ResourceType, string]> = [];
  if (inv.args[0]?.includes("/")) for (const a of inv.args) targets.push([resolveType(inv, a.split("/")[0]!), a.split("/")[1] ?? ""]);
  else {
    if (!inv.args[0]) return fail(inv, "error: You must provide one or more resources by argument or filename.");
    const t = resolveType(inv, inv.args[0]);
    for (const n of inv.args.slice(1)) targets.push([t, n]);
  }
  // kubectl reads every object first; a missing one ends the command before anything is scaled.
  for (const [t, n] of targets) {
    const p = yield* settle(inv.kube.api.get(t, namespaceOf(inv), n));
    if (p.state === "error" && p.error!.code === 404) return fail(inv, `error: no objects passed to scale ${p.error!.message}`);
  }
  for (const [t, n] of targets) {
    if (!["Deployment", "ReplicaSet"].includes(t.kind)) return fail(inv, `error: cannot scale ${t.plural}`);
    yield* call(
      inv,
      inv.kube.api.modify(t, namespaceOf(inv), n, (cur) => ({ ...cur, spec: { ...(cur.spec as object), replicas } })),
    );
    inv.ctx.io.out(`${typedName(t, n)} scaled\n`);
  }
  return 0;
}

function* del(inv: Invocation): Program {
  const gracePeriod = Number(flag(inv, "grace-period"));
  if (flag(inv, "now") === "true" && gracePeriod >= 0) return fail(inv, "error: --now and --grace-period cannot be specified together");
  // --now is a grace period of 1 s; a negative one leaves the object's own.
  const grace = flag(inv, "now") === "true" ? 1 : gracePeriod >= 0 ? gracePeriod : undefined;
  if (flag(inv, "filename")) return yield* deleteFiles(inv);
  if (inv.args.length === 0)
    return fail(
      inv,
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  const pairs: Array<[ResourceType, string]> = [];
  if (inv.args[0]!.includes("/")) for (const a of inv.args) pairs.push([resolveType(inv, a.split("/")[0]!), a.split("/")[1] ?? ""]);
  else {
    const t = resolveType(inv, inv.args[0]!);
    if (inv.args.length === 1) return fail(inv, "error: resource(s) were provided, but no name was specified");
    for (const name of inv.args.slice(1)) pairs.push([t, name]);
  }
  let status = 0;
  const deleted: Array<[ResourceType, string]> = [];
  for (const [t, name] of pairs) {
    const p = yield* settle(inv.kube.api.delete(t, namespaceOf(inv), name, grace));
    if (p.state === "ok") {
      inv.ctx.io.out(`${typeLabel(t)} "${name}" deleted\n`);
      deleted.push([t, name]);
    } else {
      inv.ctx.io.err(`Error from server (${p.error!.reason || "InternalError"}): ${p.error!.message}\n`);
      status = 1;
    }
  }
  // --wait (the default): kubectl returns once the objects are really gone (a pod's kubelet has stopped it).
  if (flag(inv, "wait") === "true") yield* waitUntilGone(inv, deleted);
  return status;
}

function* waitUntilGone(inv: Invocation, objects: Array<[ResourceType, string]>): Generator<Waitable, void, unknown> {
  for (const [t, name] of objects) {
    for (;;) {
      const p = yield* settle(inv.kube.api.get(t, namespaceOf(inv), name));
      if (p.state === "error") break;
      yield* wait(inv.ctx.shell.sleep(500));
    }
  }
}

/** The kubectl the lab emulates (its outputs are compared with this build's): upstream v1.32.5. */
const CLIENT_VERSION = {
  major: "1",
  minor: "32",
  gitVersion: "v1.32.5",
  gitCommit: "9894294ef13a5b32803e3ca2c0d620a088cc84d1",
  gitTreeState: "clean",
  buildDate: "2025-05-15T09:12:10Z",
  goVersion: "go1.23.8",
  compiler: "gc",
  platform: "linux/amd64",
};
const KUSTOMIZE_VERSION = "v5.5.0";

/** The API server's /version. */
function serverVersion(): Record<string, string> {
  const [major, minor] = KUBERNETES_VERSION.slice(1).split(".");
  return {
    major: major!,
    minor: minor!,
    gitVersion: KUBERNETES_VERSION,
    gitTreeState: "clean",
    goVersion: "go1.23.8",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

function* version(inv: Invocation): Program {
  const output = flag(inv, "output");
  if (output && output !== "yaml" && output !== "json") return fail(inv, "error: --output must be 'yaml' or 'json'");
  const client = flag(inv, "client") === "true";
  if (!output) {
    inv.ctx.io.out(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
    if (!client) inv.ctx.io.out(`Server Version: ${KUBERNETES_VERSION}\n`);
    return 0;
  }
  // kubectl prints the marshalled document with Println: one blank line more after YAML.
  const info = {
    clientVersion: CLIENT_VERSION,
    kustomizeVersion: KUSTOMIZE_VERSION,
    ...(client ? {} : { serverVersion: serverVersion() }),
  };
  inv.ctx.io.out(output === "yaml" ? `${toYaml(info)}\n` : `${JSON.stringify(info, null, 2)}\n`);
  return 0;
}

// ------------------------------------------------------------------ cluster-info, --raw, api-resources, port-forward

const API_HOST = "https://127.0.0.1:6443";

function* clusterInfo(inv: Invocation): Program {
  const services = yield* call(inv, inv.kube.api.list(inv.kube.api.registry.resolve("services")!, "kube-system"));
  let out = `Kubernetes control plane is running at ${API_HOST}\n`;
  for (const svc of services.items.filter((s) => s.metadata.labels?.["kubernetes.io/cluster-service"] === "true")) {
    const name = svc.metadata.labels?.["kubernetes.io/name"] ?? svc.metadata.name;
    const port = ((svc.spec as { ports?: Array<{ name?: string }> }).ports ?? [])[0]?.name;
    out += `${name} is running at ${API_HOST}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${port ? `:${port}` : ""}/proxy\n`;
  }
  inv.ctx.io.out(`${out}\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`);
  return 0;
}

function* getRaw(inv: Invocation, path: string): Program {
  const api = inv.kube.api;
  if (path === "/healthz" || path === "/livez" || path === "/readyz") {
    inv.ctx.io.out("ok");
    return 0;
  }
  if (path === "/version") {
    inv.ctx.io.out(`${JSON.stringify(serverVersion(), null, 2)}\n`);
    return 0;
  }
  if (path === "/metrics") {
    inv.ctx.io.out(apiServerMetrics(inv.kube));
    return 0;
  }
  // /api/v1/[namespaces/<ns>/]<resource>[/<name>] and /apis/<group>/<version>/...
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)\/(?:namespaces\/([^/]+)\/)?([^/]+)(?:\/([^/]+))?$/.exec(path.split("?")[0]!);
  const t = m && api.registry.all().find((r) => r.plural === m[3] && r.group === (m[1] ?? ""));
  if (!m || !t) return fail(inv, "Error from server (NotFound): the server could not find the requested resource");
  if (m[4]) {
    const obj = yield* call(inv, api.get(t, m[2], m[4]));
    inv.ctx.io.out(`${JSON.stringify(obj)}\n`);
    return 0;
  }
  const list = yield* call(inv, api.list(t, m[2]));
  inv.ctx.io.out(
    `${JSON.stringify({ kind: `${t.kind}List`, apiVersion: t.group ? `${t.group}/${t.version}` : t.version, metadata: { resourceVersion: list.resourceVersion }, items: list.items })}\n`,
  );
  return 0;
}

function* apiResources(inv: Invocation): Program {
  const rows = [["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]];
  const types = [...inv.kube.api.registry.all()].sort((a, b) =>
    a.group === b.group ? (a.plural < b.plural ? -1 : 1) : a.group < b.group ? -1 : 1,
  );
  for (const t of types)
    rows.push([t.plural, t.shortNames.join(","), t.group ? `${t.group}/${t.version}` : t.version, String(t.namespaced), t.kind]);
  inv.ctx.io.out(layout(rows));
  return 0;
}

/** kubectl port-forward TYPE/NAME [LOCAL:]REMOTE: announces the forward and holds it until interrupted. */
function* portForward(inv: Invocation): Program {
  const [target, ...ports] = inv.args;
  if (!target || ports.length === 0)
    return fail(
      inv,
      "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples",
    );
  const [type, name] = target.includes("/") ? target.split("/") : ["pod", target];
  const t = resolveType(inv, type!);
  const obj = yield* call(inv, inv.kube.api.get(t, namespaceOf(inv), name!));
  for (const p of ports) {
    const [local, remote = local] = p.split(":");
    let targetPort = Number(remote);
    if (t.kind === "Service") {
      const svcPort = ((obj.spec as { ports?: Array<{ port: number; targetPort?: number }> }).ports ?? []).find(
        (sp) => sp.port === Number(remote),
      );
      if (!svcPort) return fail(inv, `error: Service ${name} does not have a service port ${remote}`);
      targetPort = Number(svcPort.targetPort ?? svcPort.port);
    }
    inv.ctx.io.out(`Forwarding from 127.0.0.1:${local} -> ${targetPort}\nForwarding from [::1]:${local} -> ${targetPort}\n`);
    inv.kube.forwards.set(Number(local), { namespace: namespaceOf(inv), target: `${t.singular}/${name}`, port: targetPort });
  }
  try {
    // Held open until Ctrl-C (or `timeout`) stops the command.
    for (;;) yield* wait(inv.ctx.shell.sleep(3_600_000));
  } finally {
    for (const p of ports) inv.kube.forwards.delete(Number(p.split(":")[0]));
  }
}

// ------------------------------------------------------------------ label, annotate, rollout, logs

const LABEL_VALUE_ERROR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** The KEY=VALUE and KEY- arguments of label/annotate (a value of undefined removes), checked before any object is read, as kubectl does. */
function metadataChanges(inv: Invocation, field: "labels" | "annotations", changes: string[]): Array<[string, string | undefined]> {
  const out: Array<[string, string | undefined]> = [];
  for (const change of changes) {
    if (change.endsWith("-") && !change.includes("=")) {
      out.push([change.slice(0, -1), undefined]);
      continue;
    }
    const eq = change.indexOf("=");
    // kubectl's parseLabels splits on every '=', so a label value cannot hold one; an annotation's can.
    if (eq <= 0 || (field === "labels" && change.split("=").length !== 2))
      return fail(inv, `error: invalid ${field === "labels" ? "label" : "annotation"} spec: ${change}`);
    const value = change.slice(eq + 1);
    if (field === "labels") {
      const problems = [
        ...(value.length > 63 ? ["must be no more than 63 characters"] : []),
        ...(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value) ? [] : [LABEL_VALUE_ERROR]),
      ];
      if (problems.length) return fail(inv, `error: invalid label value: ${JSON.stringify(change)}: ${problems.join("; ")}`);
    }
    out.push([change.slice(0, eq), value]);
  }
  const both = out.filter(([k, v]) => v === undefined && out.some(([k2, v2]) => k2 === k && v2 !== undefined)).map(([k]) => k);
  if (both.length > 0)
    return fail(
      inv,
      field === "labels"
        ? "error: can not both modify and remove a label in the same command"
        : `error: can not both modify and remove the following annotation(s) in the same command: ${both.join(", ")}`,
    );
  return out;
}

/** Applies label/annotate changes to one object's map; an existing key keeps its value unless --overwrite. */
function editMetadata(
  inv: Invocation,
  current: Record<string, string>,
  changes: Array<[string, string | undefined]>,
): Record<string, string> {
  const overwrite = flag(inv, "overwrite") === "true";
  const values = { ...current };
  for (const [key, value] of changes) {
    if (value === undefined) delete values[key];
    else if (key in values && values[key] !== value && !overwrite)
      return fail(inv, `error: '${key}' already has a value (${values[key]}), and --overwrite is false`);
    else values[key] = value;
  }
  return values;
}

/**
 * How a command run with --local shows what it changed: the object in the -o format, else kubectl's
 * "<type>/<name> <message>". Objects read from files are unstructured, so -o json has its keys sorted.
 */
function printLocal(inv: Invocation, m: Manifest, message: string): void {
  const output = flag(inv, "output");
  const dry = inv.values.has("dry-run") && flag(inv, "dry-run") !== "none" ? " (dry run)" : "";
  if (output === "yaml") inv.ctx.io.out(toYaml(m.object));
  else if (output === "json") inv.ctx.io.out(toKubeJson(m.object));
  else if (output === "name") inv.ctx.io.out(`${label(m)}\n`);
  else if (output === "") inv.ctx.io.out(`${label(m)} ${message}${dry}\n`);
  else
    fail(
      inv,
      `error: unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`,
    );
}

/** kubectl label/annotate TYPE NAME key=value... key-: set or remove, refusing to overwrite without --overwrite. */
function metadataEditor(field: "labels" | "annotations", verb: string): (inv: Invocation) => Program {
  return function* (inv) {
    if (flag(inv, "local") === "true") return yield* localMetadataEditor(inv, field, verb);
    const [typeArg, ...rest] = inv.args;
    if (!typeArg) return fail(inv, `error: one or more resources must be specified as <resource> <name> or <resource>/<name>`);
    const [t, name, changes] = typeArg.includes("/")
      ? [resolveType(inv, typeArg.split("/")[0]!), typeArg.split("/")[1]!, rest]
      : [resolveType(inv, typeArg), rest[0], rest.slice(1)];
    if (!name) return fail(inv, `error: one or more resources must be specified as <resource> <name> or <resource>/<name>`);
    if (changes.length === 0) return fail(inv, `error: at least one ${field === "labels" ? "label" : "annotation"} update is required`);
    const parsed = metadataChanges(inv, field, changes);
    const current = yield* call(inv, inv.kube.api.get(t, namespaceOf(inv), name));
    const values = editMetadata(inv, (current.metadata[field] ?? {}) as Record<string, string>, parsed);
    const removedOnly = parsed.every(([, value]) => value === undefined);
    yield* call(
      inv,
      inv.kube.api.modify(t, namespaceOf(inv), name, (cur) => ({ ...cur, metadata: { ...cur.metadata, [field]: values } })),
    );
    inv.ctx.io.out(`${typedName(t, name)} ${removedOnly ? `un${verb}` : verb}\n`);
    return 0;
  };
}

/** label/annotate --local -f FILE: the file's objects are changed and printed; nothing goes to the server. */
function* localMetadataEditor(inv: Invocation, field: "labels" | "annotations", verb: string): Program {
  // As cmdutil.GetResourcesAndPairs splits them: the first KEY=VALUE or KEY- ends the resources.
  const isPair = (a: string) => (a.includes("=") && a[0] !== "=") || (a.endsWith("-") && a !== "-");
  const first = inv.args.findIndex(isPair);
  const resources = first < 0 ? inv.args : inv.args.slice(0, first);
  const changes = first < 0 ? [] : inv.args.slice(first);
  const parsed = metadataChanges(inv, field, changes);
  // label's messages name pod.yaml, annotate's rsrc.yaml.
  const example = field === "labels" ? "pod" : "rsrc";
  if (flag(inv, "dry-run") === "server")
    return fail(inv, "error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
  if (resources.length > 0)
    return fail(inv, `error: can only use local files by -f ${example}.yaml or --filename=${example}.json when --local=true is set`);
  if (!flag(inv, "filename"))
    return fail(inv, `error: one or more files must be specified as -f ${example}.yaml or --filename=${example}.json`);
  if (parsed.length === 0) return fail(inv, `error: at least one ${field === "labels" ? "label" : "annotation"} update is required`);
  for (const m of filesOf(inv)) {
    const before = JSON.stringify(m.object);
    m.object.metadata[field] = editMetadata(inv, (m.object.metadata[field] ?? {}) as Record<string, string>, parsed);
    const after = JSON.stringify(m.object);
    // updateDataChangeMsg: unchanged, or fewer bytes without --overwrite (a key removed), or changed.
    const message =
      before === after ? `not ${verb}` : flag(inv, "overwrite") !== "true" && after.length < before.length ? `un${verb}` : verb;
    printLocal(inv, m, message);
  }
  return 0;
}

/** Annotations a rollback leaves as the deployment has them (deploymentutil's annotationsToSkip). */
const ROLLBACK_KEPT_ANNOTATIONS = [
  LAST_APPLIED,
  "deployment.kubernetes.io/revision",
  "deployment.kubernetes.io/revision-history",
  "deployment.kubernetes.io/desired-replicas",
  "deployment.kubernetes.io/max-replicas",
  "deprecated.deployment.rollback.to",
];

function* rollout(inv: Invocation): Program {
  const [action, target, maybeName] = inv.args;
  if (!action) {
    // Without a subcommand kubectl prints the help, and fails.
    inv.ctx.io.out(KUBECTL_HELP.rollout ?? "");
    return 1;
  }
  if (!["status", "history", "undo", "restart"].includes(action))
    return fail(inv, `error: unknown command "${action}"\nSee 'kubectl rollout -h' for help and examples`);
  if (!target) return fail(inv, "error: required resource not specified");
  const [typeName, name] = target.includes("/") ? target.split("/") : [target, maybeName];
  const t = resolveType(inv, typeName!);
  if (t.kind !== "Deployment") return fail(inv, `error: no rollbacker has been implemented for "${t.group ? `${t.group}/` : ""}${t.kind}"`);
  if (!name) return fail(inv, "error: required resource name not specified");
  const api = inv.kube.api;
  const ns = namespaceOf(inv);
  const rsType = api.registry.resolve("replicasets")!;
  const owned = function* () {
    const d = yield* call(inv, api.get(t, ns, name));
    const list = yield* call(inv, api.list(rsType, ns));
    return { d, sets: list.items.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.uid === d.metadata.uid)) };
  };
  const revisionOf = (o: KubeObject) => Number(o.metadata.annotations?.["deployment.kubernetes.io/revision"] ?? 0);
  switch (action) {
    case "status": {
      let last = "";
      for (;;) {
        const d = yield* call(inv, api.get(t, ns, name));
        const spec = d.spec as { replicas?: number };
        const st = (d.status ?? {}) as {
          updatedReplicas?: number;
          replicas?: number;
          availableReplicas?: number;
          observedGeneration?: number;
        };
        const want = spec.replicas ?? 1;
        let message: string | undefined;
        if ((st.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) message = `Waiting for deployment spec update to be observed...`;
        else if ((st.updatedReplicas ?? 0) < want)
          message = `Waiting for deployment "${name}" rollout to finish: ${st.updatedReplicas ?? 0} out of ${want} new replicas have been updated...`;
        else if ((st.replicas ?? 0) > (st.updatedReplicas ?? 0))
          message = `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - (st.updatedReplicas ?? 0)} old replicas are pending termination...`;
        else if ((st.availableReplicas ?? 0) < (st.updatedReplicas ?? 0))
          message = `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${st.updatedReplicas ?? 0} updated replicas are available...`;
        if (!message) {
          inv.ctx.io.out(`deployment "${name}" successfully rolled out\n`);
          return 0;
        }
        if (message !== last) inv.ctx.io.out(`${message}\n`);
        last = message;
        yield* wait(inv.ctx.shell.sleep(500));
      }
    }
    case "history": {
      const { sets } = yield* owned();
      const revisions = sets
        .map(revisionOf)
        .filter((r) => r > 0)
        .sort((a, b) => a - b);
      inv.ctx.io.out(
        `${typedName(t, name)} \nREVISION  CHANGE-CAUSE\n${revisions.map((r) => `${String(r).padEnd(10)}<none>\n`).join("")}\n`,
      );
      return 0;
    }
    case "restart": {
      const now = api.now();
      yield* call(
        inv,
        api.modify(t, ns, name, (cur) => {
          const spec = cur.spec as { template?: { metadata?: { annotations?: Record<string, string> } } };
          const template = spec.template ?? {};
          return {
            ...cur,
            spec: {
              ...spec,
              template: {
                ...template,
                metadata: {
                  ...template.metadata,
                  annotations: { ...template.metadata?.annotations, "kubectl.kubernetes.io/restartedAt": now },
                },
              },
            },
          };
        }),
      );
      inv.ctx.io.out(`${typedName(t, name)} restarted\n`);
      return 0;
    }
    case "undo": {
      const { d, sets } = yield* owned();
      const current = revisionOf(d);
      const wanted = Number(flag(inv, "to-revision"));
      const candidates = sets
        .filter((rs) => (wanted > 0 ? revisionOf(rs) === wanted : revisionOf(rs) < current))
        .sort((a, b) => revisionOf(b) - revisionOf(a));
      const target = candidates[0];
      if (!target)
        return fail(
          inv,
          wanted > 0
            ? `error: unable to find specified revision ${wanted} in history`
            : 'error: no rollout history found for deployment "' + name + '"',
        );
      const template = jsonCopy((target.spec as { template: KubeObject }).template);
      delete (template.metadata.labels as Record<string, string> | undefined)?.["pod-template-hash"];
      // The deployment takes the ReplicaSet's annotations, its own bookkeeping ones aside (SetDeploymentAnnotationsTo).
      const own = (k: string) => ROLLBACK_KEPT_ANNOTATIONS.includes(k);
      yield* call(
        inv,
        api.modify(t, ns, name, (cur) => ({
          ...cur,
          metadata: {
            ...cur.metadata,
            annotations: Object.fromEntries([
              ...Object.entries(cur.metadata.annotations ?? {}).filter(([k]) => own(k)),
              ...Object.entries(target.metadata.annotations ?? {}).filter(([k]) => !own(k)),
            ]),
          },
          spec: { ...(cur.spec as object), template },
        })),
      );
      inv.ctx.io.out(`${typedName(t, name)} rolled back\n`);
      return 0;
    }
  }
  return 0;
}

/** The kinds whose pod template (or pod spec) `kubectl set image` edits, and where their containers are. */
function containersOf(o: KubeObject): Array<{ name: string; image?: string }> | undefined {
  if (o.kind === "Pod") return (o.spec as { containers?: Array<{ name: string }> }).containers;
  return (o.spec as { template?: { spec?: { containers?: Array<{ name: string }> } } } | undefined)?.template?.spec?.containers;
}

/**
 * kubectl set image TYPE NAME CONTAINER=IMAGE... (or TYPE/NAME), and with --local set image|env on
 * the objects of -f; other `set` commands, and set env against the server, are not in the lab.
 */
function* setCommand(inv: Invocation): Program {
  const [what, ...args] = inv.args;
  if (!what) {
    inv.ctx.io.out(KUBECTL_HELP.set ?? "");
    return 0;
  }
  const local = flag(inv, "local") === "true";
  if (local && what === "env") return yield* localSetEnv(inv, args);
  if (what !== "image") return fail(inv, `error: "kubectl set ${what}" is not available in this lab's kubectl`);
  const refs = args.filter((a) => !a.includes("="));
  const changes = args.filter((a) => a.includes("=")).map((a) => [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] as const);
  if (local) {
    if (refs.length > 0)
      return fail(
        inv,
        "error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'",
      );
    if (!flag(inv, "filename"))
      return fail(
        inv,
        "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
      );
    if (changes.length === 0) return fail(inv, "error: at least one image update is required");
    for (const m of filesOf(inv)) {
      const containers = podTemplateContainers(inv, m);
      for (const [container] of changes)
        if (container !== "*" && !containers.some((c) => c.name === container))
          return fail(inv, `error: unable to find container named "${container}"`);
      const before = JSON.stringify(m.object);
      for (const c of containers) for (const [container, image] of changes) if (container === "*" || c.name === container) c.image = image;
      // An object the change leaves as it was is not printed at all (its patch is empty).
      if (JSON.stringify(m.object) !== before) printLocal(inv, m, "image updated");
    }
    return 0;
  }
  if (refs.length === 0) return fail(inv, "error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
  if (changes.length === 0) return fail(inv, "error: at least one image update is required");
  const targets: Array<[ResourceType, string]> = refs[0]!.includes("/")
    ? refs.map((r) => [resolveType(inv, r.split("/")[0]!), r.split("/")[1]!])
    : refs.slice(1).map((n) => [resolveType(inv, refs[0]!), n]);
  for (const [t, name] of targets) {
    const current = yield* call(inv, inv.kube.api.get(t, namespaceOf(inv), name));
    const containers = containersOf(current);
    if (!containers) return fail(inv, `error: cannot set image on ${typedName(t, name)}`);
    for (const [container] of changes)
      if (container !== "*" && !containers.some((c) => c.name === container))
        return fail(inv, `error: unable to find container named "${container}"`);
    yield* call(
      inv,
      inv.kube.api.modify(t, namespaceOf(inv), name, (cur) => {
        const next = jsonCopy(cur);
        for (const c of containersOf(next) ?? [])
          for (const [container, image] of changes) if (container === "*" || c.name === container) c.image = image;
        return next;
      }),
    );
    inv.ctx.io.out(`${typedName(t, name)} image updated\n`);
  }
  return 0;
}

/** The containers (init containers last) of an object read with --local, or kubectl's error for one without a pod template. */
function podTemplateContainers(inv: Invocation, m: Manifest): Array<{ name: string; image?: string; env?: EnvVar[] }> {
  const spec = m.object.kind === "Pod" ? m.object.spec : (m.object.spec as { template?: { spec?: unknown } } | undefined)?.template?.spec;
  if (!spec)
    return fail(
      inv,
      `error: ${label(m)} the object is not a pod or does not have a pod template: *${m.object.apiVersion.split("/").pop()}.${m.object.kind}`,
    );
  const { containers = [], initContainers = [] } = spec as {
    containers?: Array<{ name: string }>;
    initContainers?: Array<{ name: string }>;
  };
  return [...containers, ...initContainers];
}

interface EnvVar {
  name: string;
  value?: string;
}

const ENV_NAME_ERROR =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

/** kubectl set env --local -f FILE KEY=VALUE... KEY-: the file's objects get the variables and are printed. */
function* localSetEnv(inv: Invocation, args: string[]): Program {
  // SplitEnvironmentFromResources: resources first, then only KEY=VALUE or KEY- arguments.
  const isEnv = (a: string) => /^.+=/s.test(a) || a.endsWith("-");
  const first = args.findIndex(isEnv);
  const resources = first < 0 ? args : args.slice(0, first);
  const specs = first < 0 ? [] : args.slice(first);
  if (specs.some((a) => !isEnv(a)))
    return fail(inv, `error: all resources must be specified before environment changes: ${args.join(" ")}`);
  if (resources.length === 0 && !flag(inv, "filename"))
    return fail(inv, "error: one or more resources must be specified as <resource> <name> or <resource>/<name>");
  if (specs.length === 0) return fail(inv, "error: at least one environment variable must be provided");
  const env: EnvVar[] = [];
  const remove: string[] = [];
  for (const spec of specs) {
    const eq = spec.indexOf("=");
    if (eq < 0) {
      remove.push(spec.slice(0, -1));
      continue;
    }
    const name = spec.slice(0, eq);
    if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(name))
      return fail(inv, `error: ${JSON.stringify(name)} is not a valid key name: ${ENV_NAME_ERROR}`);
    // A typed EnvVar drops an empty value (omitempty), as kubectl's output does.
    env.push(spec.length > eq + 1 ? { name, value: spec.slice(eq + 1) } : { name });
  }
  if (remove.some((r) => env.some((e) => e.name === r)))
    return fail(inv, "error: can not both modify and remove the same environment variable in the same command");
  // --containers is a glob (filepath.Match); -c is the lab's one container flag.
  const selector = flag(inv, "container") || "*";
  const glob = new RegExp(
    `^${selector
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[^/]*")
      .replace(/\?/g, "[^/]")}$`,
  );
  for (const m of filesOf(inv)) {
    const before = JSON.stringify(m.object);
    for (const c of podTemplateContainers(inv, m).filter((c) => glob.test(c.name))) {
      // updateEnv: existing variables keep their place (replaced or removed), new ones follow; the first of a name wins.
      const covered = new Set(remove);
      const out: EnvVar[] = [];
      for (const e of c.env ?? []) {
        if (covered.has(e.name)) continue;
        const newer = env.find((n) => n.name === e.name);
        if (newer) covered.add(e.name);
        out.push(newer ?? e);
      }
      for (const e of env) {
        if (covered.has(e.name)) continue;
        covered.add(e.name);
        out.push(e);
      }
      if (out.length) c.env = out;
      else delete c.env;
    }
    if (JSON.stringify(m.object) !== before) printLocal(inv, m, "env updated");
  }
  return 0;
}

/** kubectl config: the kubeconfig file's contexts, as kubectl reads and edits them. */
function* configCommand(inv: Invocation): Program {
  const [sub, ...args] = inv.args;
  let config: Kubeconfig;
  try {
    config = loadKubeconfig(inv.ctx);
  } catch (error) {
    if (!(error instanceof VfsError)) throw error;
    return fail(inv, `error: ${error.message}`);
  }
  const current = config["current-context"];
  const contexts = config.contexts ?? [];
  switch (sub) {
    case undefined:
      inv.ctx.io.err(KUBECTL_HELP.config ?? "");
      return 1;
    case "current-context":
      if (!current) return fail(inv, "error: current-context is not set");
      inv.ctx.io.out(`${current}\n`);
      return 0;
    case "get-contexts": {
      const wanted = args.length ? contexts.filter((c) => args.includes(c.name)) : contexts;
      const missing = args.find((a) => !contexts.some((c) => c.name === a));
      let table = "CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n";
      for (const c of [...wanted].sort((a, b) => (a.name < b.name ? -1 : 1)))
        table += `${c.name === current ? "*" : ""}\t${c.name}\t${c.context.cluster ?? ""}\t${c.context.user ?? ""}\t${c.context.namespace ?? ""}\n`;
      inv.ctx.io.out(tabwrite(table, { minwidth: 6, padding: 3 }));
      if (missing) return fail(inv, `error: context ${missing} not found`);
      return 0;
    }
    case "use-context":
    case "use": {
      const name = args[0];
      if (!name) return fail(inv, "error: Unexpected args: []\nSee 'kubectl config use-context -h' for help and examples");
      if (!contexts.some((c) => c.name === name)) return fail(inv, `error: no context exists with the name: "${name}"`);
      saveKubeconfig(inv.ctx, { ...config, "current-context": name });
      inv.ctx.io.out(`Switched to context "${name}".\n`);
      return 0;
    }
    case "set-context": {
      const name = flag(inv, "current") === "true" ? current : args[0];
      if (!name)
        return fail(
          inv,
          flag(inv, "current") === "true"
            ? "error: no current context is set"
            : "error: you must specify a non-empty context name or --current",
        );
      const existing = contexts.find((c) => c.name === name);
      const context = { ...(existing?.context ?? {}) };
      if (inv.values.has("cluster")) context.cluster = flag(inv, "cluster");
      if (inv.values.has("user")) context.user = flag(inv, "user").split(ARRAY_SEPARATOR)[0];
      if (inv.values.has("namespace")) context.namespace = flag(inv, "namespace");
      saveKubeconfig(inv.ctx, { ...config, contexts: [...contexts.filter((c) => c.name !== name), { name, context }] });
      inv.ctx.io.out(`Context "${name}" ${existing ? "modified" : "created"}.\n`);
      return 0;
    }
    case "view": {
      let shown = flag(inv, "raw-config") === "true" ? config : redacted(config);
      if (flag(inv, "minify") === "true") {
        const ctx = contexts.find((c) => c.name === current);
        if (!ctx) return fail(inv, "error: current-context must exist in order to minify");
        shown = {
          ...shown,
          contexts: [ctx],
          clusters: (shown.clusters ?? []).filter((c) => c.name === ctx.context.cluster),
          users: (shown.users ?? []).filter((u) => u.name === ctx.context.user),
        };
      }
      const output = flag(inv, "output");
      if (output.startsWith("jsonpath=")) {
        try {
          inv.ctx.io.out(jsonpath(output.slice("jsonpath=".length), shown));
        } catch (error) {
          if (!(error instanceof JsonPathError)) throw error;
          return fail(inv, `error: error parsing jsonpath ${output.slice("jsonpath=".length)}, ${error.message}`);
        }
        return 0;
      }
      inv.ctx.io.out(output === "json" ? toKubeJson(shown) : toYaml(shown));
      return 0;
    }
    default:
      return fail(inv, `error: unknown command "${sub}" for "kubectl config"`);
  }
}

/** kubectl explain TYPE[.FIELD...]: the documentation the API server's OpenAPI schemas hold. */
function* explainCommand(inv: Invocation): Program {
  const [what] = inv.args;
  if (!what)
    return fail(
      inv,
      'error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  // The resource is the first word, or "<plural>.<group>" when the request starts with that (deployments.apps.spec).
  const request = what.replace(/\.$/, "");
  const [resource, ...rest] = request.split(".");
  const t = inv.kube.api.registry.resolve(resource!);
  if (!t) return fail(inv, `the server doesn't have a resource type "${resource}"`);
  const qualified = t.group ? `${t.plural}.${t.group}` : t.plural;
  const path = request.startsWith(qualified)
    ? request
        .slice(qualified.length + 1)
        .split(".")
        .filter(Boolean)
    : rest;
  const apiVersion = flag(inv, "api-version");
  if (apiVersion && apiVersion !== (t.group ? `${t.group}/${t.version}` : t.version)) {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
    return fail(inv, `error: couldn't find resource for "${group}/${version}, Resource=${t.plural}"`);
  }
  const { out, error } = explain(t, path, flag(inv, "recursive") === "true");
  inv.ctx.io.out(out);
  if (error) return fail(inv, error);
  return 0;
}

/** Simulated container logs: what the image prints when it starts, stamped with the pod's start. */
function* logs(inv: Invocation): Program {
  const target = inv.args[0];
  if (!target)
    return fail(
      inv,
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
    );
  if (inv.args.length > 2)
    return fail(
      inv,
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples",
    );
  const name = target.startsWith("pod/") ? target.slice(4) : target;
  const pod = yield* call(inv, inv.kube.api.get(inv.kube.api.registry.resolve("pods")!, namespaceOf(inv), name));
  // The container: kubectl logs POD CONTAINER, or -c.
  const log = containerLog(pod, inv.args[1] ?? (flag(inv, "container") || undefined));
  if ("error" in log) return fail(inv, `Error from server (BadRequest): ${log.error}`);
  const lines = log.lines;
  const tail = Number(flag(inv, "tail"));
  inv.ctx.io.out((tail >= 0 ? lines.slice(-tail || lines.length) : lines).map((l) => `${l}\n`).join(""));
  return 0;
}

/** kubectl describe TYPE [NAME...] or TYPE/NAME: every named object, or all of the type, separated by blank lines. */
function* describeCommand(inv: Invocation): Program {
  const [first, ...names] = inv.args;
  if (!first)
    return fail(
      inv,
      'error: You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.',
    );
  const [t, wanted] = first.includes("/")
    ? [resolveType(inv, first.split("/")[0]!), [first.split("/")[1]!, ...names]]
    : [resolveType(inv, first), names];
  const api = inv.kube.api;
  const namespace = flag(inv, "all-namespaces") === "true" ? undefined : namespaceOf(inv);
  let objects: KubeObject[];
  if (wanted.length > 0) {
    objects = [];
    for (const name of wanted) objects.push(yield* call(inv, api.get(t, namespace ?? "default", name)));
  } else {
    objects = (yield* call(inv, api.list(t, namespace))).items.filter((o) => matchesLabels(o, flag(inv, "selector")));
    if (objects.length === 0) {
      inv.ctx.io.err(t.namespaced && namespace ? `No resources found in ${namespace} namespace.\n` : "No resources found\n");
      return 0;
    }
  }
  const events = (yield* call(inv, api.list(api.registry.resolve("events")!))).items;
  const related =
    t.kind === "Node" || t.kind === "ReplicaSet"
      ? [
          ...(yield* call(inv, api.list(api.registry.resolve("pods")!, t.kind === "Node" ? undefined : namespace))).items,
          ...(t.kind === "Node" ? (yield* call(inv, api.list(api.registry.resolve("leases")!, "kube-node-lease"))).items : []),
        ]
      : t.kind === "Deployment"
        ? (yield* call(inv, api.list(api.registry.resolve("replicasets")!, namespace))).items
        : t.kind === "Service"
          ? (yield* call(inv, api.list(api.registry.resolve("endpointslices")!, namespace))).items
          : [];
  const now = inv.kube.etcd.nowUnixMs;
  const texts = objects.map((o) =>
    describe(
      o,
      events.filter((e) => (e.involvedObject as { uid?: string } | undefined)?.uid === o.metadata.uid),
      now,
      related,
    ),
  );
  // Each text ends in a newline; kubectl puts two more between objects.
  inv.ctx.io.out(texts.join("\n\n"));
  return 0;
}

const COMMANDS: Record<string, (inv: Invocation) => Program> = {
  get,
  run,
  create,
  delete: del,
  scale,
  version,
  "cluster-info": clusterInfo,
  "api-resources": apiResources,
  "port-forward": portForward,
  apply,
  label: metadataEditor("labels", "labeled"),
  annotate: metadataEditor("annotations", "annotated"),
  rollout,
  logs,
  describe: describeCommand,
  replace,
  set: setCommand,
  explain: explainCommand,
  config: configCommand,
  exec: (inv) =>
    (function* (): Program {
      if (inv.args.length === 0) return fail(inv, "error: pod, type/name or --filename must be specified");
      return fail(inv, `error: "kubectl exec" is not available in this lab's kubectl`);
    })(),
  expose: (inv) =>
    (function* (): Program {
      if (inv.args.length === 0)
        return fail(
          inv,
          "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
      return fail(inv, `error: "kubectl expose" is not available in this lab's kubectl`);
    })(),
  help: (inv) =>
    (function* (): Program {
      const path = inv.args.join(" ");
      if (!path) inv.ctx.io.out(KUBECTL_HELP[""]!);
      else if (KUBECTL_HELP[path] !== undefined) inv.ctx.io.out(KUBECTL_HELP[path]!);
      else {
        // cobra: the unknown topic, then the root command's usage.
        const root = KUBECTL_HELP[""]!;
        inv.ctx.io.err(`Unknown help topic [\`${path}\`]\n\n\n${root.slice(root.indexOf("Basic Commands"))}`);
      }
      return 0;
    })(),
};

/**
 * kubectl's commands in the order kubectl registers them, which is the order cobra's "Did you
 * mean this?" lists them in: the grouped ones as its help lists them, then the rest (the help
 * sorts those, registration does not).
 */
const KUBECTL_COMMANDS = [
  ...[...KUBECTL_HELP[""]!.split("Other Commands:")[0]!.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]!),
  ...["config", "plugin", "version", "api-versions", "api-resources", "options"],
];

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length]![b.length]!;
}

/** kubectl's persistent flags: the ones that may come before the command, and whether they take a value. */
const PERSISTENT: Array<{ name: string; short?: string; value: boolean }> = [
  { name: "namespace", short: "n", value: true },
  { name: "context", value: true },
  { name: "kubeconfig", value: true },
  { name: "cluster", value: true },
  { name: "user", value: true },
  { name: "server", short: "s", value: true },
  { name: "request-timeout", value: true },
  { name: "v", short: "v", value: true },
  { name: "insecure-skip-tls-verify", value: false },
];

/** Splits the flags before the command off the rest, as cobra finds the command past them. */
function leadingFlags(argv: string[]): { flags: string[]; args: string[] } | { error: string } {
  const flags: string[] = [];
  let i = 0;
  while (i < argv.length && argv[i]!.startsWith("-") && argv[i] !== "--" && argv[i] !== "-") {
    const a = argv[i]!;
    const long = a.startsWith("--");
    const m = /^--?([^=]+)(=.*)?$/.exec(a)!;
    const key = long ? m[1]! : m[1]![0]!;
    const spec = PERSISTENT.find((f) => (long ? f.name === key : f.short === key));
    if (!spec) return { error: long ? `unknown flag: --${key}` : `unknown shorthand flag: '${key}' in ${a}` };
    const inline = long ? m[2] !== undefined : a.length > 2;
    if (spec.value && !inline) {
      if (i + 1 >= argv.length) return { error: long ? `flag needs an argument: --${key}` : `flag needs an argument: '${key}' in ${a}` };
      flags.push(a, argv[i + 1]!);
      i += 2;
    } else {
      flags.push(a);
      i += 1;
    }
  }
  return { flags, args: argv.slice(i) };
}

/** kubectl, for a lab with a Kubernetes cluster; without one it is not installed. */
export function kubectlFor(kube: () => KubeCluster | undefined): Command {
  return function* (ctx) {
    const cluster = kube();
    if (!cluster) {
      ctx.io.err("kubectl: command not found\n");
      return 127;
    }
    const lead = leadingFlags(ctx.argv.slice(1));
    if ("error" in lead) {
      ctx.io.err(`error: ${lead.error}\nSee 'kubectl --help' for usage.\n`);
      return 1;
    }
    // kubectl's global flags may come before the command: `kubectl -n argocd get pods`.
    const [sub, ...afterSub] = lead.args;
    const rest = [...afterSub, ...lead.flags];
    if (!sub) {
      ctx.io.out(KUBECTL_HELP[""]!);
      return 0;
    }
    const command = COMMANDS[sub];
    if (!command) {
      // kubectl's own commands (from its help) that this lab does not implement are said to be missing, plainly.
      if (KUBECTL_COMMANDS.includes(sub)) {
        ctx.io.err(`error: "kubectl ${sub}" is not available in this lab's kubectl\n`);
        return 1;
      }
      const near = KUBECTL_COMMANDS.filter((c) => levenshtein(sub, c) <= 2 || c.startsWith(sub));
      ctx.io.err(
        `error: unknown command "${sub}" for "kubectl"${near.length ? `\n\nDid you mean this?\n${near.map((c) => `\t${c}\n`).join("")}` : "\n"}`,
      );
      return 1;
    }
    let parsed: ReturnType<typeof parseFlags>;
    try {
      // `config view --raw` is a switch; `get --raw` takes a path.
      parsed = parseFlags(sub === "config" ? rest.map((a) => (a === "--raw" ? "--raw-config" : a)) : rest, GLOBAL);
    } catch (error) {
      if (!(error instanceof FlagError)) throw error;
      ctx.io.err(`error: ${error.message}\nSee 'kubectl ${sub} --help' for usage.\n`);
      return 1;
    }
    if (parsed.values.get("help") === "true") {
      // The deepest command path the words name: "create secret generic", "rollout status".
      let path = sub;
      for (const word of parsed.positional) {
        if (KUBECTL_HELP[`${path} ${word}`] === undefined) break;
        path = `${path} ${word}`;
      }
      ctx.io.out(KUBECTL_HELP[path] ?? KUBECTL_HELP[""]!);
      return 0;
    }
    // --kubeconfig names the one file to use, instead of KUBECONFIG or ~/.kube/config; it must exist.
    const explicitConfig = parsed.values.get("kubeconfig");
    if (explicitConfig) {
      if (!ctx.shell.vfs.exists(explicitConfig)) {
        ctx.io.err(`error: stat ${explicitConfig}: no such file or directory\n`);
        return 1;
      }
      ctx = { ...ctx, env: new Map([...ctx.env, ["KUBECONFIG", explicitConfig]]) };
    }
    const inv: Invocation = { ctx, kube: cluster, values: parsed.values, args: parsed.positional };
    // A --context the kubeconfig does not have stops every command that would talk to the server.
    const contextName = parsed.values.get("context");
    if (contextName && sub !== "config" && sub !== "help") {
      let known = true;
      try {
        known = (loadKubeconfig(ctx).contexts ?? []).some((c) => c.name === contextName);
      } catch {
        known = false;
      }
      if (!known) {
        ctx.io.err(`error: context was not found for specified context: ${contextName}\n`);
        return 1;
      }
    }
    try {
      return yield* command(inv);
    } catch (error) {
      if (error instanceof Exit) return error.code;
      throw error;
    }
  };
}
