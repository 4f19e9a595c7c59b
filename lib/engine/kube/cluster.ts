// A Kubernetes cluster on the simulated etcd: the API server and the objects a new
// cluster starts with (kubeadm's namespaces, the nodes, the `kubernetes` service). The
// controllers, scheduler and kubelets come on top of this.

import type { EtcdCluster } from "../etcd/cluster";
import { Pending, wait } from "../etcd/pending";
import { KubeApiServer } from "./apiserver";
import type { KubeError } from "./errors";
import { DeploymentController, GarbageCollector, ReplicaSetController } from "./controllers";
import { startNodeComponents, type Kubelet, type Scheduler } from "./scheduling";
import type { KubeObject, Task } from "./store";

export interface KubeClusterOptions {
  /** Worker nodes' names (the control-plane node is added first). */
  workers?: string[];
  controlPlane?: string;
  kubeletVersion?: string;
}

export const KUBERNETES_VERSION = "v1.32.4";

export class KubeCluster {
  readonly api: KubeApiServer;
  readonly nodeNames: string[];
  scheduler: Scheduler | undefined;
  kubelets: Kubelet[] = [];

  constructor(
    readonly etcd: EtcdCluster,
    private readonly options: KubeClusterOptions = {},
  ) {
    this.api = new KubeApiServer(
      etcd,
      etcd.serverConfigs().map((s) => s.id),
    );
    this.nodeNames = [options.controlPlane ?? "control-plane", ...(options.workers ?? ["worker-1", "worker-2", "worker-3"])];
  }

  /** Creates what a freshly installed cluster has, then starts the scheduler and kubelets; settles when done. */
  bootstrap(): Pending<void, KubeError> {
    const p = this.api.run(this.bootstrapTask());
    p.onSettle(() => {
      if (p.state !== "ok") return;
      const started = startNodeComponents(this.api, this.nodeNames);
      this.scheduler = started.scheduler;
      this.kubelets = started.kubelets;
      for (const c of [new ReplicaSetController(this.api), new DeploymentController(this.api), new GarbageCollector(this.api)]) c.start();
    });
    return p;
  }

  private *bootstrapTask(): Task<void> {
    const api = this.api;
    const t = (name: string) => api.registry.resolve(name)!;
    for (const name of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
      yield* wait(api.create(t("namespaces"), { apiVersion: "v1", kind: "Namespace", metadata: { name } }));
    }
    const version = this.options.kubeletVersion ?? KUBERNETES_VERSION;
    for (const [i, name] of this.nodeNames.entries()) {
      const controlPlane = i === 0;
      const node: KubeObject = {
        apiVersion: "v1",
        kind: "Node",
        metadata: {
          name,
          labels: {
            "beta.kubernetes.io/arch": "amd64",
            "beta.kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "kubernetes.io/hostname": name,
            "kubernetes.io/os": "linux",
            ...(controlPlane ? { "node-role.kubernetes.io/control-plane": "" } : {}),
          },
        },
        spec: {
          podCIDR: `10.244.${i}.0/24`,
          ...(controlPlane ? { taints: [{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }] } : {}),
        },
        status: {
          addresses: [
            { address: `172.18.0.${i + 2}`, type: "InternalIP" },
            { address: name, type: "Hostname" },
          ],
          allocatable: { cpu: "4", memory: "8039352Ki", pods: "110" },
          capacity: { cpu: "4", memory: "8141752Ki", pods: "110" },
          conditions: [{ type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" }],
          nodeInfo: {
            kubeletVersion: version,
            containerRuntimeVersion: "containerd://1.7.24",
            operatingSystem: "linux",
            architecture: "amd64",
          },
        },
      };
      yield* wait(api.create(t("nodes"), node));
    }
    yield* wait(
      api.create(t("services"), {
        apiVersion: "v1",
        kind: "Service",
        metadata: { name: "kubernetes", namespace: "default", labels: { component: "apiserver", provider: "kubernetes" } },
        spec: {
          clusterIP: "10.96.0.1",
          clusterIPs: ["10.96.0.1"],
          ports: [{ name: "https", port: 443, protocol: "TCP", targetPort: 6443 }],
        },
      }),
    );
  }
}
