// The demo cluster a learner of the lesson expects to find: the control plane's own pods
// and CoreDNS in kube-system, kubeadm's roles, Argo CD (with its Application CRD and a few
// applications) in argocd, and Prometheus and Grafana in monitoring. Every object is
// created through the API server, so all of it lives in etcd like on a real cluster.

import { wait } from "../etcd/pending";
import { hashString } from "../sim/rng";
import { suffix, type KubeApiServer } from "./apiserver";
import type { KubeObject, Task } from "./store";

type Json = Record<string, unknown>;

function deployment(
  namespace: string,
  name: string,
  image: string,
  options: { replicas?: number; port?: number; labels?: Json; tolerations?: Json[] } = {},
): KubeObject {
  const labels = { "app.kubernetes.io/name": name, ...(options.labels as Record<string, string> | undefined) };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace, labels },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { "app.kubernetes.io/name": name } },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: name.replace(/^argocd-/, ""),
              image,
              ...(options.port ? { ports: [{ containerPort: options.port, protocol: "TCP" }] } : {}),
            },
          ],
          ...(options.tolerations ? { tolerations: options.tolerations } : {}),
        },
      },
    },
  };
}

function service(
  namespace: string,
  name: string,
  ports: Array<{ name?: string; port: number; targetPort: number; protocol?: string }>,
  selector: Json,
  clusterIP?: string,
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace, labels: { "app.kubernetes.io/name": name } },
    spec: { ...(clusterIP ? { clusterIP } : {}), selector, ports: ports.map((p) => ({ protocol: "TCP", ...p })) },
  };
}

/** A control-plane static pod: bound to its node by the kubelet itself, not the scheduler. */
function staticPod(component: string, node: string, image: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: `${component}-${node}`,
      namespace: "kube-system",
      labels: { component, tier: "control-plane" },
      annotations: { "kubernetes.io/config.source": "file" },
    },
    spec: { nodeName: node, priorityClassName: "system-node-critical", hostNetwork: true, containers: [{ name: component, image }] },
  };
}

function role(namespace: string, name: string, rules: Json[]): KubeObject {
  return { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name, namespace }, rules };
}

function roleBinding(namespace: string, name: string, roleName: string, subject: Json): KubeObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name, namespace },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: roleName },
    subjects: [subject],
  };
}

const APPLICATION_CRD: KubeObject = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: {
    name: "applications.argoproj.io",
    labels: { "app.kubernetes.io/name": "applications.argoproj.io", "app.kubernetes.io/part-of": "argocd" },
  },
  spec: {
    group: "argoproj.io",
    names: {
      kind: "Application",
      listKind: "ApplicationList",
      plural: "applications",
      singular: "application",
      shortNames: ["app", "apps"],
    },
    scope: "Namespaced",
    versions: [{ name: "v1alpha1", served: true, storage: true }],
  },
};

function application(name: string, path: string, namespace: string): KubeObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Application",
    metadata: { name, namespace: "argocd" },
    spec: {
      project: "default",
      source: { repoURL: "https://github.com/argoproj/argocd-example-apps.git", targetRevision: "HEAD", path },
      destination: { server: "https://kubernetes.default.svc", namespace },
      syncPolicy: { automated: { prune: true, selfHeal: true } },
    },
    status: { sync: { status: "Synced" }, health: { status: "Healthy" } },
  };
}

/** Creates the demo cluster's objects; `nodes` are the cluster's node names, the control plane first. */
export function* createDemoObjects(api: KubeApiServer, nodes: readonly string[], options: { controlPlanePods?: boolean } = {}): Task<void> {
  const create = function* (resource: string, obj: KubeObject): Task<void> {
    yield* wait(api.create(api.registry.resolve(resource)!, obj));
  };
  const controlPlane = nodes[0]!;
  // kube-system: the control plane's static pods, kube-proxy on every node, CoreDNS.
  if (options.controlPlanePods !== false) {
    for (const [component, image] of [
      ["kube-apiserver", "registry.k8s.io/kube-apiserver:v1.32.4"],
      ["kube-controller-manager", "registry.k8s.io/kube-controller-manager:v1.32.4"],
      ["kube-scheduler", "registry.k8s.io/kube-scheduler:v1.32.4"],
    ] as const) {
      yield* create("pods", staticPod(component, controlPlane, image));
    }
  }
  for (const node of nodes) {
    const pod = staticPod("kube-proxy", node, "registry.k8s.io/kube-proxy:v1.32.4");
    // A DaemonSet's pod: the DaemonSet's name and five generated characters.
    yield* create("pods", {
      ...pod,
      metadata: { ...pod.metadata, name: `kube-proxy-${suffix(hashString(`kube-proxy/${node}`))}`, labels: { "k8s-app": "kube-proxy" } },
    });
  }
  const controlPlaneToleration = [
    { key: "CriticalAddonsOnly", operator: "Exists" },
    { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
  ];
  yield* create(
    "deployments",
    deployment("kube-system", "coredns", "registry.k8s.io/coredns/coredns:v1.11.3", {
      replicas: 2,
      port: 53,
      labels: { "k8s-app": "kube-dns" },
      tolerations: controlPlaneToleration,
    }),
  );
  yield* create(
    "services",
    service(
      "kube-system",
      "kube-dns",
      [
        { name: "dns", port: 53, targetPort: 53, protocol: "UDP" },
        { name: "dns-tcp", port: 53, targetPort: 53 },
        { name: "metrics", port: 9153, targetPort: 9153 },
      ],
      { "k8s-app": "kube-dns" },
      "10.96.0.10",
    ),
  );
  // kube-dns carries the cluster-service labels kubectl cluster-info looks for.
  yield* wait(
    api.modify(api.registry.resolve("services")!, "kube-system", "kube-dns", (svc) => ({
      ...svc,
      metadata: {
        ...svc.metadata,
        labels: { ...svc.metadata.labels, "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" },
      },
    })),
  );
  for (const [name, rules] of [
    [
      "extension-apiserver-authentication-reader",
      [
        {
          apiGroups: [""],
          resources: ["configmaps"],
          resourceNames: ["extension-apiserver-authentication"],
          verbs: ["get", "list", "watch"],
        },
      ],
    ],
    ["kube-proxy", [{ apiGroups: [""], resources: ["configmaps"], resourceNames: ["kube-proxy"], verbs: ["get"] }]],
    ["system::leader-locking-kube-controller-manager", [{ apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["watch"] }]],
    ["system::leader-locking-kube-scheduler", [{ apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["watch"] }]],
  ] as const) {
    yield* create("roles", role("kube-system", name, rules as unknown as Json[]));
  }
  yield* create(
    "rolebindings",
    roleBinding("kube-system", "kube-proxy", "kube-proxy", {
      apiGroup: "rbac.authorization.k8s.io",
      kind: "Group",
      name: "system:bootstrappers:kubeadm:default-node-token",
    }),
  );
  yield* create(
    "rolebindings",
    roleBinding("kube-system", "system::leader-locking-kube-scheduler", "system::leader-locking-kube-scheduler", {
      kind: "ServiceAccount",
      name: "kube-scheduler",
      namespace: "kube-system",
    }),
  );

  // argocd: Argo CD and its Application CRD.
  yield* create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "argocd" } });
  const argo = "quay.io/argoproj/argocd:v2.13.2";
  for (const [name, image, port] of [
    ["argocd-server", argo, 8080],
    ["argocd-repo-server", argo, 8081],
    ["argocd-applicationset-controller", argo, 7000],
    ["argocd-notifications-controller", argo, 9001],
    ["argocd-dex-server", "ghcr.io/dexidp/dex:v2.41.1", 5556],
    ["argocd-redis", "redis:7.0.15-alpine", 6379],
  ] as const) {
    yield* create("deployments", deployment("argocd", name, image, { port }));
  }
  for (const [name, ports] of [
    [
      "argocd-server",
      [
        { name: "http", port: 80, targetPort: 8080 },
        { name: "https", port: 443, targetPort: 8080 },
      ],
    ],
    ["argocd-repo-server", [{ name: "server", port: 8081, targetPort: 8081 }]],
    ["argocd-redis", [{ name: "tcp-redis", port: 6379, targetPort: 6379 }]],
    [
      "argocd-dex-server",
      [
        { name: "http", port: 5556, targetPort: 5556 },
        { name: "grpc", port: 5557, targetPort: 5557 },
      ],
    ],
  ] as const) {
    yield* create(
      "services",
      service(
        "argocd",
        name,
        ports.map((p) => ({ ...p })),
        { "app.kubernetes.io/name": name },
      ),
    );
  }
  yield* create("configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "argocd-cm", namespace: "argocd" },
    data: { "timeout.reconciliation": "180s" },
  });
  yield* create("configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "argocd-rbac-cm", namespace: "argocd" },
    data: { "policy.default": "role:readonly" },
  });
  yield* create("secrets", {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "argocd-secret", namespace: "argocd" },
    type: "Opaque",
    data: { "server.secretkey": "c2VjcmV0LWtleQ==" },
  });
  yield* create("secrets", {
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: "argocd-initial-admin-secret", namespace: "argocd" },
    type: "Opaque",
    data: { password: "YWRtaW4tcGFzc3dvcmQ=" },
  });
  yield* create(
    "roles",
    role("argocd", "argocd-server", [
      { apiGroups: ["argoproj.io"], resources: ["applications", "appprojects"], verbs: ["get", "list", "watch", "update", "patch"] },
    ]),
  );
  yield* create(
    "rolebindings",
    roleBinding("argocd", "argocd-server", "argocd-server", { kind: "ServiceAccount", name: "argocd-server", namespace: "argocd" }),
  );
  yield* create("customresourcedefinitions", APPLICATION_CRD);
  yield* create("applications.argoproj.io", application("guestbook", "guestbook", "default"));
  yield* create("applications.argoproj.io", application("helm-guestbook", "helm-guestbook", "default"));
  yield* create("applications.argoproj.io", application("monitoring-stack", "monitoring", "monitoring"));

  // monitoring: Prometheus and Grafana.
  yield* create("namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "monitoring" } });
  yield* create("deployments", deployment("monitoring", "prometheus-server", "quay.io/prometheus/prometheus:v3.0.1", { port: 9090 }));
  yield* create("deployments", deployment("monitoring", "grafana", "docker.io/grafana/grafana:11.4.0", { port: 3000 }));
  yield* create(
    "services",
    service("monitoring", "prometheus-server", [{ name: "http", port: 80, targetPort: 9090 }], {
      "app.kubernetes.io/name": "prometheus-server",
    }),
  );
  yield* create(
    "services",
    service("monitoring", "grafana", [{ name: "service", port: 80, targetPort: 3000 }], { "app.kubernetes.io/name": "grafana" }),
  );
  yield* create("configmaps", {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "prometheus-server", namespace: "monitoring" },
    data: {
      "prometheus.yml":
        "scrape_configs:\n- job_name: etcd\n  static_configs:\n  - targets: ['127.0.0.1:2379', '127.0.0.1:22379', '127.0.0.1:32379']\n",
    },
  });
}
