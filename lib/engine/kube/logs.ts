// What the lab's containers print: the kubelet's log of a pod's container, simulated from
// its image and start time. Served by the API server's pods/log subresource and read by
// `kubectl logs`.

import { containerRun, oneShotOutput } from "./containers";
import type { KubeObject } from "./store";

interface ContainerStatus {
  name: string;
  state?: { waiting?: { reason?: string }; running?: { startedAt?: string } };
  lastState?: { terminated?: unknown };
}

/** The log lines of a pod's container (the first unless named), or why there are none yet. */
export function containerLog(pod: KubeObject, container?: string): { lines: string[] } | { error: string } {
  const name = pod.metadata.name;
  const statuses = (pod.status as { containerStatuses?: ContainerStatus[] } | undefined)?.containerStatuses ?? [];
  const specs =
    (pod.spec as { containers?: Array<{ name?: string; image?: string; command?: string[]; args?: string[] }> } | undefined)?.containers ??
    [];
  const spec = container ? specs.find((c) => c.name === container) : specs[0];
  if (!spec) return { error: `container ${container} is not valid for pod ${name}` };
  const c = statuses.find((s) => s.name === spec.name);
  const waiting = c?.state?.waiting?.reason ?? (c ? undefined : "ContainerCreating");
  // A crash-looping container has run before: its last run's output is what there is.
  const ranBefore = waiting === "CrashLoopBackOff" && c?.lastState?.terminated;
  if (waiting && !ranBefore) return { error: `container "${spec.name ?? name}" in pod "${name}" is waiting to start: ${waiting}` };
  if (containerRun({ name: String(spec.name ?? ""), ...spec })) return { lines: oneShotOutput({ name: String(spec.name ?? ""), ...spec }) };
  const image = String(spec.image ?? "");
  const started = c?.state?.running?.startedAt ?? "";
  const stamp = started.replace("T", " ").replace("Z", "").replace(/-/g, "/");
  const lines = /(^|\/)nginx(:|$)/.test(image)
    ? [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Configuration complete; ready for start up",
        `${stamp} [notice] 1#1: nginx/1.27.3`,
        `${stamp} [notice] 1#1: start worker processes`,
      ]
    : [`${started} level=info msg="starting" image=${image} pod=${name}`, `${started} level=info msg="ready"`];
  return { lines };
}
