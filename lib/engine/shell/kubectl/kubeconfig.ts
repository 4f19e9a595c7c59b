// The learner's kubeconfig: a real file in the lab's file system (~/.kube/config, or what
// KUBECONFIG names), kubeadm's admin config until they change it. `kubectl config` reads and
// writes it as kubectl does, and its current context's namespace is kubectl's default.

import { parse } from "yaml";
import type { CommandContext } from "../program";
import { base64Encode } from "../builtins";
import { VfsError } from "../vfs";
import { toYaml } from "./yaml";

export interface Kubeconfig {
  apiVersion: string;
  kind: string;
  clusters: Array<{ name: string; cluster: Record<string, unknown> }> | null;
  contexts: Array<{ name: string; context: { cluster?: string; user?: string; namespace?: string } }> | null;
  "current-context": string;
  preferences: Record<string, unknown>;
  users: Array<{ name: string; user: Record<string, unknown> }> | null;
}

/** Stand-ins for kubeadm's CA and client certificate: base64 of PEM-shaped text, never a secret. */
const PEM = (label: string) => base64Encode(`-----BEGIN ${label}-----\nMIIC${"lab".repeat(20)}\n-----END ${label}-----\n`);

/** kubeadm's /etc/kubernetes/admin.conf, as copied to ~/.kube/config. */
export function kubeadmAdminConfig(): Kubeconfig {
  return {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "kubernetes", cluster: { "certificate-authority-data": PEM("CERTIFICATE"), server: "https://127.0.0.1:6443" } }],
    contexts: [{ name: "kubernetes-admin@kubernetes", context: { cluster: "kubernetes", user: "kubernetes-admin" } }],
    "current-context": "kubernetes-admin@kubernetes",
    preferences: {},
    users: [
      {
        name: "kubernetes-admin",
        user: { "client-certificate-data": PEM("CERTIFICATE"), "client-key-data": PEM("RSA PRIVATE KEY") },
      },
    ],
  };
}

/** The file kubectl reads: the first of KUBECONFIG's paths, or ~/.kube/config; "" when KUBECONFIG is set empty. */
export function kubeconfigPath(ctx: CommandContext): string | undefined {
  const env = ctx.env.get("KUBECONFIG");
  if (env !== undefined) return env.split(":").find(Boolean);
  return `${ctx.env.get("HOME") ?? "/root"}/.kube/config`;
}

const EMPTY: Kubeconfig = {
  apiVersion: "v1",
  kind: "Config",
  clusters: null,
  contexts: null,
  "current-context": "",
  preferences: {},
  users: null,
};

/** The kubeconfig in effect: the file's, kubeadm's admin config for the default path not yet written, or an empty one. */
export function loadKubeconfig(ctx: CommandContext): Kubeconfig {
  const path = kubeconfigPath(ctx);
  if (!path) return { ...EMPTY };
  const vfs = ctx.shell.vfs;
  if (!vfs.exists(path)) return path === `${ctx.env.get("HOME") ?? "/root"}/.kube/config` ? kubeadmAdminConfig() : { ...EMPTY };
  let doc: unknown;
  try {
    doc = parse(vfs.read(path));
  } catch (error) {
    throw new VfsError(`error loading config file "${path}": ${(error as Error).message.split("\n")[0]}`);
  }
  const c = (doc && typeof doc === "object" ? doc : {}) as Partial<Kubeconfig>;
  return {
    apiVersion: c.apiVersion ?? "v1",
    kind: c.kind ?? "Config",
    clusters: c.clusters ?? null,
    contexts: c.contexts ?? null,
    "current-context": c["current-context"] ?? "",
    preferences: c.preferences ?? {},
    users: c.users ?? null,
  };
}

export function saveKubeconfig(ctx: CommandContext, config: Kubeconfig): void {
  const path = kubeconfigPath(ctx) ?? `${ctx.env.get("HOME") ?? "/root"}/.kube/config`;
  const dir = path.slice(0, path.lastIndexOf("/"));
  if (dir) ctx.shell.vfs.mkdirs(dir);
  ctx.shell.vfs.write(path, toYaml(config));
}

/** The namespace of the context in use (--context or the current one), if it sets one. */
export function contextNamespace(ctx: CommandContext, contextName?: string): string | undefined {
  const config = loadKubeconfig(ctx);
  const name = contextName || config["current-context"];
  return config.contexts?.find((c) => c.name === name)?.context.namespace || undefined;
}

/** `kubectl config view`'s redaction: certificate data omitted, tokens and passwords redacted. */
export function redacted(config: Kubeconfig): Kubeconfig {
  const hide = (o: Record<string, unknown>) =>
    Object.fromEntries(
      Object.entries(o).map(([k, v]) => [k, k.endsWith("-data") ? "DATA+OMITTED" : k === "token" || k === "password" ? "REDACTED" : v]),
    );
  return {
    ...config,
    clusters: config.clusters?.map((c) => ({ ...c, cluster: hide(c.cluster) })) ?? null,
    users: config.users?.map((u) => ({ ...u, user: hide(u.user) })) ?? null,
  };
}
