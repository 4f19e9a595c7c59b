// Reading manifests for kubectl apply/create/delete -f: YAML or JSON files from the lab's
// file system (or stdin), several documents each, Lists unrolled, each object matched to
// a resource type the server serves.

import { parseAllDocuments } from "yaml";
import type { ResourceRegistry, ResourceType } from "../../kube/resources";
import type { KubeObject } from "../../kube/store";

export interface Manifest {
  type: ResourceType;
  object: KubeObject;
}

export type ManifestResult = { ok: Manifest[] } | { error: string };

/** kubectl's annotation holding what was last applied, for apply's three-way merge. */
export const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

export function readManifests(text: string, source: string, registry: ResourceRegistry): ManifestResult {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      const line = e.linePos?.[0]?.line;
      return {
        error: `error: error parsing ${source}: error converting YAML to JSON: yaml: ${line ? `line ${line}: ` : ""}${e.message.split("\n")[0]}`,
      };
    }
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== "object" || Array.isArray(value))
      return { error: `error: error validating "${source}": error validating data: invalid object to validate` };
    const obj = value as Partial<KubeObject>;
    if (obj.kind === "List" && Array.isArray((obj as { items?: unknown }).items))
      objects.push(...((obj as { items: KubeObject[] }).items ?? []));
    else objects.push(obj as KubeObject);
  }
  const out: Manifest[] = [];
  for (const object of objects) {
    if (!object.apiVersion || !object.kind) {
      const missing = !object.apiVersion ? "apiVersion" : "kind";
      return {
        error: `error: error validating "${source}": error validating data: ${missing} not set; if you choose to ignore these errors, turn validation off with --validate=false`,
      };
    }
    const type = registry.byKind(object.apiVersion, object.kind);
    if (!type) {
      const name = object.metadata?.name ?? "";
      return {
        error: `error: resource mapping not found for name: "${name}" namespace: "${object.metadata?.namespace ?? ""}" from "${source}": no matches for kind "${object.kind}" in version "${object.apiVersion}"\nensure CRDs are installed first`,
      };
    }
    if (!object.metadata?.name && !object.metadata?.generateName)
      return {
        error: `error: error when retrieving current configuration of:\nResource: "${type.plural}", GroupVersionKind: "${object.apiVersion}, Kind=${object.kind}"\nName: "", Namespace: ""\nfrom server for: "${source}": resource name may not be empty`,
      };
    out.push({ type, object: { ...object, metadata: { ...object.metadata! } } });
  }
  return { ok: out };
}

/**
 * What `kubectl apply` sends for an existing object: the server's object with the applied
 * fields replaced (server-set fields such as status, clusterIP and uid stay), and the
 * last-applied annotation updated.
 */
export function applyOnto(current: KubeObject, applied: KubeObject, lastApplied: string): KubeObject {
  const { metadata: am, ...fields } = applied;
  const merged: KubeObject = { ...current, ...fields, metadata: { ...current.metadata } };
  merged.metadata.labels = am.labels;
  merged.metadata.annotations = { ...(am.annotations ?? {}), [LAST_APPLIED]: lastApplied };
  const spec = (current.spec ?? {}) as Record<string, unknown>;
  // Fields the server allocated and the manifest does not set survive (a Service's clusterIP).
  if (current.kind === "Service" && applied.spec)
    merged.spec = { ...(applied.spec as object), clusterIP: spec.clusterIP, clusterIPs: spec.clusterIPs };
  return merged;
}
