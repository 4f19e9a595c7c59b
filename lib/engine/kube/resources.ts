// The resource types of the lab's Kubernetes, with what kubectl and kube-apiserver know
// about each: names, short names, group/version, scope, and where kube-apiserver keeps
// them in etcd (its real key layout, exceptions included: nodes are "minions", services
// live under "services/specs", endpoints under "services/endpoints").

export interface ResourceType {
  kind: string;
  /** The resource name in URLs and kubectl: "pods". */
  plural: string;
  singular: string;
  shortNames: string[];
  /** "" for the core group. */
  group: string;
  version: string;
  namespaced: boolean;
  /** The etcd key prefix below /registry/, without a trailing slash. */
  storage: string;
  /** kubectl's category "all" (kubectl get all). */
  inAll?: boolean;
}

const core = (kind: string, plural: string, shortNames: string[], namespaced: boolean, storage = plural, inAll = false): ResourceType => ({
  kind,
  plural,
  singular: kind.toLowerCase(),
  shortNames,
  group: "",
  version: "v1",
  namespaced,
  storage,
  inAll,
});

const grouped = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  shortNames: string[],
  namespaced: boolean,
  storage = plural,
  inAll = false,
): ResourceType => ({ kind, plural, singular: kind.toLowerCase(), shortNames, group, version, namespaced, storage, inAll });

export const BUILTIN_RESOURCES: readonly ResourceType[] = [
  core("Namespace", "namespaces", ["ns"], false),
  core("Node", "nodes", ["no"], false, "minions"),
  core("Pod", "pods", ["po"], true, "pods", true),
  core("Service", "services", ["svc"], true, "services/specs", true),
  core("Endpoints", "endpoints", ["ep"], true, "services/endpoints"),
  core("ConfigMap", "configmaps", ["cm"], true),
  core("Secret", "secrets", [], true),
  core("ServiceAccount", "serviceaccounts", ["sa"], true),
  core("Event", "events", ["ev"], true),
  grouped("apps", "v1", "Deployment", "deployments", ["deploy"], true, "deployments", true),
  grouped("apps", "v1", "ReplicaSet", "replicasets", ["rs"], true, "replicasets", true),
  grouped("rbac.authorization.k8s.io", "v1", "Role", "roles", [], true),
  grouped("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", [], true),
  grouped("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", [], false),
  grouped("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", [], false),
  grouped("coordination.k8s.io", "v1", "Lease", "leases", [], true),
  grouped("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", [], true),
  grouped(
    "apiextensions.k8s.io",
    "v1",
    "CustomResourceDefinition",
    "customresourcedefinitions",
    ["crd", "crds"],
    false,
    "apiextensions.k8s.io/customresourcedefinitions",
  ),
];

/** "pods" or "deployments.apps": how API errors name a resource. */
export function qualifiedName(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

/** The etcd key of an object: /registry/<storage>/<namespace>/<name>, or without the namespace. */
export function etcdKey(t: ResourceType, namespace: string | undefined, name: string): string {
  return t.namespaced ? `/registry/${t.storage}/${namespace}/${name}` : `/registry/${t.storage}/${name}`;
}

/** The etcd prefix listing a resource: in one namespace, or in all of them. */
export function etcdPrefix(t: ResourceType, namespace?: string): string {
  return t.namespaced && namespace ? `/registry/${t.storage}/${namespace}/` : `/registry/${t.storage}/`;
}

/** The resource types a cluster serves: the built-in ones plus those its CRDs define. */
export class ResourceRegistry {
  private types: ResourceType[] = [...BUILTIN_RESOURCES];

  all(): readonly ResourceType[] {
    return this.types;
  }

  /** Adds (or replaces) a custom resource type, as an established CRD does. */
  define(t: ResourceType): void {
    this.types = [...this.types.filter((x) => !(x.plural === t.plural && x.group === t.group)), t];
  }

  undefine(group: string, plural: string): void {
    this.types = this.types.filter((x) => !(x.plural === plural && x.group === group));
  }

  /**
   * Finds a type by what a user types: plural, singular, short name or kind, optionally
   * qualified by group ("deployments.apps", "applications.argoproj.io"), case-insensitively.
   */
  resolve(name: string): ResourceType | undefined {
    const lower = name.toLowerCase();
    const dot = lower.indexOf(".");
    const base = dot < 0 ? lower : lower.slice(0, dot);
    const group = dot < 0 ? undefined : lower.slice(dot + 1);
    return this.types.find(
      (t) =>
        (group === undefined || t.group === group || `${t.version}.${t.group}` === group) &&
        (t.plural === base || t.singular === base || t.shortNames.includes(base) || t.kind.toLowerCase() === base),
    );
  }

  byKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.types.find((t) => apiVersionOf(t) === apiVersion && t.kind === kind);
  }
}
