// Kubernetes API errors as kube-apiserver returns them (metav1.Status): an HTTP code, a
// reason, and the message kubectl prints after "Error from server (<reason>): ".

import type { ResourceType } from "./resources";
import { qualifiedName } from "./resources";

export type StatusReason =
  | ""
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Invalid"
  | "BadRequest"
  | "Forbidden"
  | "Gone"
  | "Expired"
  | "Timeout"
  | "InternalError"
  | "ServiceUnavailable"
  | "MethodNotAllowed"
  | "UnsupportedMediaType";

export class KubeError extends Error {
  override name = "KubeError";

  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
  ) {
    super(message);
  }

  /** The metav1.Status object the API server sends. */
  status(): Record<string, unknown> {
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: this.message,
      reason: this.reason,
      code: this.code,
    };
  }
}

export const kubeErrors = {
  notFound: (t: ResourceType, name: string) => new KubeError(404, "NotFound", `${qualifiedName(t)} "${name}" not found`),
  alreadyExists: (t: ResourceType, name: string) => new KubeError(409, "AlreadyExists", `${qualifiedName(t)} "${name}" already exists`),
  conflict: (t: ResourceType, name: string) =>
    new KubeError(
      409,
      "Conflict",
      `Operation cannot be fulfilled on ${qualifiedName(t)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    ),
  invalid: (t: ResourceType, name: string, causes: string[]) =>
    new KubeError(422, "Invalid", `${t.kind} "${name}" is invalid: ${causes.join(", ")}`),
  gone: (requested: number, oldest: number) => new KubeError(410, "Expired", `too old resource version: ${requested} (${oldest})`),
  namespaceNotFound: (namespace: string) => new KubeError(404, "NotFound", `namespaces "${namespace}" not found`),
  namespaceTerminating: (t: ResourceType, name: string, namespace: string) =>
    new KubeError(
      403,
      "Forbidden",
      `${qualifiedName(t)} "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
    ),
  /** etcd did not answer in time: kube-apiserver's storage timeout. */
  timeout: (verb: string, t: ResourceType) =>
    new KubeError(
      504,
      "Timeout",
      `the server was unable to return a response in the time allotted, but may still be processing the request (${verb} ${qualifiedName(t)})`,
    ),
  internal: (message: string) => new KubeError(500, "InternalError", `Internal error occurred: ${message}`),
};
