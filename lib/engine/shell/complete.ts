// Tab completion for the lab's terminal: the candidates for the word under the cursor, from the
// same sources the real tools' completions use — the commands' own help texts (subcommands and
// flags), and the cluster's state (etcd keys, Kubernetes resource types and object names, member
// and node names, files). Read-only: completing never changes the world or takes virtual time.

import { fromText, prefixEnd, toText } from "../etcd/bytes";
import { ETCDCTL_HELP } from "./etcdctl/help-text";
import { KUBECTL_HELP } from "./kubectl/help-text";
import type { Shell } from "./shell";

/** Candidates offered at most (a prefix that matches thousands of keys lists the first ones). */
export const MAX_COMPLETIONS = 100;

/** The flags a help text documents: `--name`, and `-x` short forms. */
function helpFlags(help: string | undefined): string[] {
  if (!help) return [];
  const flags = new Set<string>();
  for (const m of help.matchAll(/(?:^|[\s,])(--?[a-zA-Z][\w-]*)(?=[=[:\s,])/gm)) flags.add(m[1]!);
  return [...flags];
}

/** The subcommands under a command path, from the help keys ("member" → add, list, ...). */
function subcommands(help: Readonly<Record<string, string>>, path: string): string[] {
  const depth = path === "" ? 0 : path.split(" ").length;
  return Object.keys(help)
    .filter((k) => k !== "" && (path === "" || k.startsWith(`${path} `)) && k.split(" ").length === depth + 1)
    .map((k) => k.split(" ")[depth]!);
}

/** The longest command path of a help table that the words name. */
function commandPath(help: Readonly<Record<string, string>>, words: string[]): string {
  let path = "";
  for (const w of words) {
    if (w.startsWith("-")) continue;
    const next = path ? `${path} ${w}` : w;
    if (help[next] === undefined) break;
    path = next;
  }
  return path;
}

const KUBECTL_GLOBAL_FLAGS = ["--namespace", "-n", "--all-namespaces", "-A", "--context", "--kubeconfig", "--help", "-h"];
/** kubectl commands whose next word is a resource type, then names of that type. */
const KUBECTL_ON_RESOURCES = new Set([
  "get",
  "describe",
  "delete",
  "label",
  "annotate",
  "scale",
  "explain",
  "edit",
  "logs",
  "port-forward",
]);
const CLUSTER_SUBCOMMANDS = [
  "status",
  "stop",
  "kill",
  "start",
  "restart",
  "wipe",
  "join",
  "stop-node",
  "start-node",
  "partition",
  "isolate",
  "heal",
  "slow-disk",
  "stall-disk",
  "slow-link",
  "help",
];

/**
 * Completions of the last word of `line` (the text before the cursor), each a whole word that
 * starts with it. An empty list when there is nothing to offer.
 */
export function completions(shell: Shell, line: string): string[] {
  // Words as the shell would split them, near enough for completion: quotes kept together, operators apart.
  const words = (line.match(/"[^"]*"?|'[^']*'?|\|\||&&|[|;]|[^\s|;&]+/g) ?? []).map((w) => w.replace(/^["']|["']$/g, ""));
  // A trailing space starts a new, empty word.
  if (/\s$/.test(line) || words.length === 0) words.push("");
  // Complete the command after a pipe, `&&` or `;` as a first word.
  const start = Math.max(-1, ...["|", "&&", "||", ";"].map((op) => words.lastIndexOf(op))) + 1;
  const cmd = words.slice(start);
  const word = cmd[cmd.length - 1]!;
  const before = cmd.slice(0, -1);
  const offer = (items: Iterable<string>) =>
    [...new Set(items)]
      .filter((i) => i.startsWith(word))
      .sort()
      .slice(0, MAX_COMPLETIONS);

  if (before.length === 0) return offer(shell.commands.keys());
  const [program, ...args] = before;
  switch (program) {
    case "etcdctl": {
      const path = commandPath(ETCDCTL_HELP, args);
      if (word.startsWith("-")) return offer([...helpFlags(ETCDCTL_HELP[path]), ...helpFlags(ETCDCTL_HELP[""])]);
      const subs = subcommands(ETCDCTL_HELP, path);
      if (subs.length > 0 && !args.some((a) => !a.startsWith("-") && !path.split(" ").includes(a))) return offer(subs);
      return offer(etcdKeys(shell, word));
    }
    case "kubectl": {
      const path = commandPath(KUBECTL_HELP, args);
      if (word.startsWith("-")) return offer([...helpFlags(KUBECTL_HELP[path]), ...KUBECTL_GLOBAL_FLAGS]);
      const positional = args.filter(
        (a, i) => !a.startsWith("-") && !(i > 0 && /^-(n|-namespace|o|-output|l|-selector|f|-filename)$/.test(args[i - 1]!)),
      );
      if (positional.length === 0) return offer(subcommands(KUBECTL_HELP, ""));
      const subs = subcommands(KUBECTL_HELP, path);
      if (subs.length > 0 && positional.length === path.split(" ").length) return offer(subs);
      const previous = args[args.length - 1];
      if (previous === "-f" || previous === "--filename") return offer(files(shell, word));
      if (previous === "-n" || previous === "--namespace") return offer(kubeNames(shell, "namespaces", undefined));
      if (KUBECTL_ON_RESOURCES.has(positional[0]!)) {
        if (positional.length === 1) return offer(resourceTypes(shell));
        const namespace = namespaceOf(args);
        const type = positional[1]!.split(",")[0]!;
        return offer(kubeNames(shell, type, namespace));
      }
      return [];
    }
    case "cluster": {
      if (args.length === 0) return offer(CLUSTER_SUBCOMMANDS);
      if (args[0] === "stop-node" || args[0] === "start-node") return offer(shell.kube?.nodeNames ?? []);
      return offer(shell.cluster.serverConfigs().map((s) => s.name));
    }
    default:
      return offer(files(shell, word));
  }
}

function namespaceOf(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if ((a === "-n" || a === "--namespace") && args[i + 1]) return args[i + 1]!;
    const m = /^(?:-n|--namespace)=(.+)$/.exec(a);
    if (m) return m[1]!;
  }
  return "default";
}

/** etcd keys under the word, up to the next "/" (a directory-like step), as a shell completes paths. */
function etcdKeys(shell: Shell, word: string): string[] {
  const cluster = shell.cluster;
  const lead = cluster.leaderId() ?? cluster.serverConfigs().find((s) => cluster.isUp(s.id))?.id;
  const store = lead ? cluster.app(lead)?.store : undefined;
  if (!store || word === "") return [];
  const prefix = fromText(word);
  const out = new Set<string>();
  for (const kv of store.range(prefix, prefixEnd(prefix), { limit: 5000 }).kvs) {
    const key = toText(kv.key);
    const slash = key.indexOf("/", word.length);
    out.add(slash >= 0 ? key.slice(0, slash + 1) : key);
    if (out.size >= MAX_COMPLETIONS) break;
  }
  return [...out];
}

function resourceTypes(shell: Shell): string[] {
  const kube = shell.kube;
  if (!kube) return [];
  return kube.api.registry.all().flatMap((t) => [t.plural, ...t.shortNames]);
}

/** Names of a resource's objects, as the control plane's caches hold them. */
function kubeNames(shell: Shell, type: string, namespace: string | undefined): string[] {
  const kube = shell.kube;
  const t = kube?.api.registry.resolve(type);
  const cluster = shell.cluster;
  const lead = cluster.leaderId();
  const store = lead ? cluster.app(lead)?.store : undefined;
  if (!kube || !t || !store) return [];
  const prefix = fromText(t.namespaced && namespace ? `/registry/${t.storage}/${namespace}/` : `/registry/${t.storage}/`);
  return store.range(prefix, prefixEnd(prefix), { limit: MAX_COMPLETIONS }).kvs.map((kv) => toText(kv.key).split("/").pop()!);
}

/** Files and directories for a path being typed. */
function files(shell: Shell, word: string): string[] {
  const slash = word.lastIndexOf("/");
  const dir = slash >= 0 ? word.slice(0, slash + 1) : "";
  try {
    return shell.vfs.list(dir === "" ? "." : dir).map((name) => `${dir}${name}`);
  } catch {
    return [];
  }
}
