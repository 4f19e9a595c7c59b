// The objects kubectl run and kubectl create build on the client, field for field and in
// the order of the Go structs (which is the order of `-o json`), before the API server
// fills in its defaults. `--dry-run=client` prints them as they are.

import type { KubeObject } from "../../kube/store";

type Json = Record<string, unknown>;

interface Meta {
  name: string;
  /** Only when the user named one with -n: kubectl leaves it out otherwise. */
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function metadata(m: Meta): KubeObject["metadata"] {
  return {
    name: m.name,
    ...(m.namespace ? { namespace: m.namespace } : {}),
    creationTimestamp: null as unknown as string,
    ...(m.labels ? { labels: m.labels } : {}),
    ...(m.annotations ? { annotations: m.annotations } : {}),
  };
}

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  port?: number;
  env?: Array<{ name: string; value: string }>;
  imagePullPolicy?: string;
}

function container(c: ContainerSpec): Json {
  return {
    name: c.name,
    image: c.image,
    ...(c.command ? { command: c.command } : {}),
    ...(c.args ? { args: c.args } : {}),
    ...(c.port !== undefined ? { ports: [{ containerPort: c.port }] } : {}),
    ...(c.env ? { env: c.env } : {}),
    resources: {},
    ...(c.imagePullPolicy ? { imagePullPolicy: c.imagePullPolicy } : {}),
  };
}

export function podFor(meta: Meta, c: ContainerSpec, restartPolicy: string): KubeObject {
  return {
    kind: "Pod",
    apiVersion: "v1",
    metadata: metadata(meta),
    spec: { containers: [container(c)], restartPolicy, dnsPolicy: "ClusterFirst" },
    status: {},
  };
}

export function deploymentFor(meta: Meta, replicas: number, containers: ContainerSpec[]): KubeObject {
  const labels = { app: meta.name };
  return {
    kind: "Deployment",
    apiVersion: "apps/v1",
    metadata: metadata({ ...meta, labels }),
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { creationTimestamp: null, labels }, spec: { containers: containers.map(container) } },
      strategy: {},
    },
    status: {},
  };
}

export function namespaceFor(name: string): KubeObject {
  return { kind: "Namespace", apiVersion: "v1", metadata: metadata({ name }), spec: {}, status: {} };
}

export function configMapFor(meta: Meta, data: Record<string, string>): KubeObject {
  return { kind: "ConfigMap", apiVersion: "v1", metadata: metadata(meta), ...(Object.keys(data).length ? { data } : {}) };
}

export function secretFor(meta: Meta, data: Record<string, string>, type?: string): KubeObject {
  return {
    kind: "Secret",
    apiVersion: "v1",
    metadata: metadata(meta),
    ...(Object.keys(data).length ? { data } : {}),
    ...(type ? { type } : {}),
  };
}

export function serviceAccountFor(meta: Meta): KubeObject {
  return { kind: "ServiceAccount", apiVersion: "v1", metadata: metadata(meta) };
}

/** encoding/json's MarshalIndent with four spaces, in the objects' own field order, HTML-safe as Go escapes. */
export function goIndentJson(value: unknown): string {
  return `${JSON.stringify(value, null, 4).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`)}\n`;
}

export interface ServicePortSpec {
  port: number;
  targetPort: number;
  nodePort?: number;
}

export function serviceFor(meta: Meta, type: string, ports: ServicePortSpec[], clusterIP?: string): KubeObject {
  const labels = { app: meta.name };
  return {
    kind: "Service",
    apiVersion: "v1",
    metadata: metadata({ ...meta, labels }),
    spec: {
      ...(ports.length
        ? {
            ports: ports.map((p) => ({
              name: `${p.port}-${p.targetPort}`,
              protocol: "TCP",
              port: p.port,
              targetPort: p.targetPort,
              ...(p.nodePort ? { nodePort: p.nodePort } : {}),
            })),
          }
        : {}),
      selector: labels,
      ...(clusterIP ? { clusterIP } : {}),
      type,
    },
    status: { loadBalancer: {} },
  };
}

export function roleFor(
  kind: "Role" | "ClusterRole",
  meta: Meta,
  rules: Array<{ verbs: string[]; apiGroups: string[]; resources: string[] }>,
): KubeObject {
  return {
    kind,
    apiVersion: "rbac.authorization.k8s.io/v1",
    metadata: metadata(meta),
    rules: rules.map((r) => ({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources })),
  };
}

export function roleBindingFor(
  kind: "RoleBinding" | "ClusterRoleBinding",
  meta: Meta,
  roleRef: { kind: "Role" | "ClusterRole"; name: string },
  subjects: Json[],
): KubeObject {
  return {
    kind,
    apiVersion: "rbac.authorization.k8s.io/v1",
    metadata: metadata(meta),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleRef.kind, name: roleRef.name },
    subjects,
  };
}
