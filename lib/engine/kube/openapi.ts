// The lab's OpenAPI v3 documents, as kube-apiserver publishes them at /openapi/v3: a root
// listing one document per group version, and each document with the paths of its resources
// (carrying their group/version/kind) and the component schemas. Schemas are Kubernetes 1.32's
// (openapi-schemas.ts); custom resources have none here, as a CRD without a schema.

import { OPENAPI_SCHEMAS } from "./openapi-schemas";
import { KUBERNETES_VERSION } from "./cluster";
import type { ResourceType } from "./resources";

export interface OpenApiSchema {
  description?: string;
  type?: string;
  format?: string;
  required?: string[];
  enum?: unknown[];
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  additionalProperties?: OpenApiSchema | boolean;
  allOf?: OpenApiSchema[];
  $ref?: string;
  "x-kubernetes-group-version-kind"?: Array<{ group: string; version: string; kind: string }>;
}

export { OPENAPI_SCHEMAS };

/** The schema published for a kind, by its group/version/kind. */
export function schemaFor(group: string, version: string, kind: string): OpenApiSchema | undefined {
  return Object.values(OPENAPI_SCHEMAS).find((s) =>
    (s["x-kubernetes-group-version-kind"] ?? []).some((g) => g.group === group && g.version === version && g.kind === kind),
  );
}

/** Follows a "#/components/schemas/<name>" reference. */
export function resolveRef(ref: string | undefined): OpenApiSchema | undefined {
  const prefix = "#/components/schemas/";
  return ref?.startsWith(prefix) ? OPENAPI_SCHEMAS[ref.slice(prefix.length)] : undefined;
}

const gvPath = (t: ResourceType) => (t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`);

/** A stable hash of a document's path, for the root's serverRelativeURL (kube-apiserver uses the content's). */
function hashOf(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) h = ((h ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  return h.toString(16).toUpperCase().padStart(16, "0").repeat(8);
}

/** GET /openapi/v3: every group version that has a schema. */
export function openApiRoot(types: readonly ResourceType[]): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const t of types) {
    if (!schemaFor(t.group, t.version, t.kind)) continue;
    const p = gvPath(t);
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(`${p}/${KUBERNETES_VERSION}`)}` };
  }
  return { paths };
}

/** GET /openapi/v3/<group version>: its resources' paths and the schemas, or undefined if none. */
export function openApiDocument(types: readonly ResourceType[], gv: string): Record<string, unknown> | undefined {
  const mine = types.filter((t) => gvPath(t) === gv && schemaFor(t.group, t.version, t.kind));
  if (mine.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const query = (name: string) => ({ name, in: "query", schema: { type: "string", uniqueItems: true } });
  for (const t of mine) {
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const list = t.namespaced ? `/${gv}/namespaces/{namespace}/${t.plural}` : `/${gv}/${t.plural}`;
    paths[list] = {
      get: {
        description: `list or watch objects of kind ${t.kind}`,
        "x-kubernetes-action": "list",
        "x-kubernetes-group-version-kind": gvk,
      },
    };
    // kubectl looks for fieldValidation among a PATCH's parameters to know the server validates fields itself.
    paths[`${list}/{name}`] = {
      get: { description: `read the specified ${t.kind}`, "x-kubernetes-action": "get", "x-kubernetes-group-version-kind": gvk },
      patch: {
        description: `partially update the specified ${t.kind}`,
        parameters: ["dryRun", "fieldManager", "fieldValidation", "force"].map(query),
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": gvk,
      },
    };
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: KUBERNETES_VERSION },
    paths,
    components: { schemas: OPENAPI_SCHEMAS },
  };
}
