// kube-apiserver's /metrics as the lab's API server counts them: what `kubectl get --raw /metrics`
// prints and what the lab's Prometheus scrapes.
import { fromText, prefixEnd } from "../etcd/bytes";
import { ETCD_REQUEST_BUCKETS_S } from "./apiserver";
import type { KubeCluster } from "./cluster";
import { etcdPrefix, type ResourceType } from "./resources";

/** kube-apiserver's /metrics: request counts, etcd request latency, and objects stored per resource. */
export function apiServerMetrics(kube: KubeCluster): string {
  const api = kube.api;
  let out =
    "# HELP apiserver_request_total [STABLE] Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.\n# TYPE apiserver_request_total counter\n";
  for (const [key, n] of [...api.metrics.requests].sort()) {
    const [verb, resource, code] = key.split("|");
    out += `apiserver_request_total{code="${code}",component="apiserver",resource="${resource}",verb="${verb!.toUpperCase()}"} ${n}\n`;
  }
  out +=
    "# HELP apiserver_storage_objects [STABLE] Number of stored objects at the time of last check split by kind. In case of a fetching error, the value will be -1.\n# TYPE apiserver_storage_objects gauge\n";
  const lead = kube.etcd.leaderId();
  const store = lead ? kube.etcd.app(lead)?.store : undefined;
  for (const t of [...api.registry.all()].sort((a, b) => (qualified(a) < qualified(b) ? -1 : 1))) {
    const prefix = fromText(etcdPrefix(t));
    const count = store ? store.range(prefix, prefixEnd(prefix), { countOnly: true }).count : -1;
    out += `apiserver_storage_objects{resource="${qualified(t)}"} ${count}\n`;
  }
  out +=
    "# HELP etcd_request_duration_seconds [ALPHA] Etcd request latency in seconds for each operation and object type.\n# TYPE etcd_request_duration_seconds histogram\n";
  for (const [key, m] of [...api.metrics.etcd].sort()) {
    const [operation, type] = key.split("|");
    const labels = `operation="${operation}",type="${type}"`;
    let cumulative = 0;
    ETCD_REQUEST_BUCKETS_S.forEach((le, i) => {
      cumulative += m.buckets[i]!;
      out += `etcd_request_duration_seconds_bucket{${labels},le="${le}"} ${cumulative}\n`;
    });
    out += `etcd_request_duration_seconds_bucket{${labels},le="+Inf"} ${m.count}\netcd_request_duration_seconds_sum{${labels}} ${Number(m.sumSeconds.toPrecision(12))}\netcd_request_duration_seconds_count{${labels}} ${m.count}\n`;
  }
  return out;
}

function qualified(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}
