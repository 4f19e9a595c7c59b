// A Kubernetes cluster on the simulated etcd: the API server and the objects a new
// cluster starts with (kubeadm's namespaces, the nodes, the `kubernetes` service). The
// controllers, scheduler and kubelets come on top of this.

import { kubeletNodeConditions } from "./scheduling";
import type { EtcdCluster } from "../etcd/cluster";
import { Pending, wait } from "../etcd/pending";
import { KubeApiServer } from "./apiserver";
import type { KubeError } from "./errors";
import { base64Encode } from "../shell/builtins";
import { hashString } from "../sim/rng";
import { fromText } from "../etcd/bytes";
import {
  ControlPlaneLeases,
  DeploymentController,
  EndpointsController,
  GarbageCollector,
  NamespaceDefaults,
  NodeLifecycleController,
  ReplicaSetController,
} from "./controllers";
import { createDemoObjects } from "./demo";
import { startNodeComponents, type Kubelet, type Scheduler } from "./scheduling";
import type { KubeObject, Task } from "./store";

export interface KubeClusterOptions {
  /** Worker nodes' names (the control-plane node is added first). */
  workers?: string[];
  controlPlane?: string;
  kubeletVersion?: string;
  /** Add the demo cluster's workloads (kube-system add-ons, Argo CD, monitoring). */
  demo?: boolean;
  /** A managed service: the control plane runs off the cluster, so it has no control-plane node or static pods. */
  managed?: boolean;
}

export const KUBERNETES_VERSION = "v1.32.4";

/** `length` hex digits derived from `seed`: stable machine ids for the simulated nodes. */
function hex(seed: string, length: number): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += (hashString(`${seed}/${i}`) >>> 0).toString(16).padStart(8, "0");
  return out.slice(0, length);
}

const uuidOf = (h: string) => `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
/** kube-apiserver's --etcd-compaction-interval default. */
export const COMPACTION_INTERVAL_MS = 5 * 60 * 1000;

export class KubeCluster {
  readonly api: KubeApiServer;
  readonly nodeNames: string[];
  scheduler: Scheduler | undefined;
  kubelet(node: string): Kubelet | undefined {
    return this.kubelets.find((k) => k.nodeName === node);
  }

  /** Ports a running `kubectl port-forward` holds open: the lab opens the forwarded service's panel. */
  readonly forwards = new Map<number, { namespace: string; target: string; port: number }>();
  kubelets: Kubelet[] = [];

  constructor(
    readonly etcd: EtcdCluster,
    readonly options: KubeClusterOptions = {},
  ) {
    this.api = new KubeApiServer(
      etcd,
      etcd.serverConfigs().map((s) => s.id),
    );
    const workers = options.workers ?? ["worker-1", "worker-2", "worker-3"];
    this.nodeNames = options.managed ? workers : [options.controlPlane ?? "control-plane", ...workers];
  }

  /**
   * Creates what a freshly installed cluster has, starts the scheduler, kubelets and
   * controllers, and with `demo` adds the demo cluster's workloads; settles when done.
   */
  bootstrap(): Pending<void, KubeError> {
    return this.api.run(this.bootstrapAll());
  }

  private *bootstrapAll(): Task<void> {
    yield* this.bootstrapTask();
    this.api.startAdmission();
    const started = startNodeComponents(this.api, this.nodeNames);
    this.scheduler = started.scheduler;
    this.kubelets = started.kubelets;
    const controllers = [
      new ReplicaSetController(this.api),
      new DeploymentController(this.api),
      new GarbageCollector(this.api),
      new NamespaceDefaults(this.api, this.caCertificate()),
      new NodeLifecycleController(this.api),
      new EndpointsController(this.api),
      new ControlPlaneLeases(this.api, {
        "kube-controller-manager": `${this.nodeNames[0]}_${this.holderId("kube-controller-manager")}`,
        "kube-scheduler": `${this.nodeNames[0]}_${this.holderId("kube-scheduler")}`,
      }),
    ];
    for (const c of controllers) c.start();
    this.scheduleCompaction(0, 0);
    if (this.options.demo) yield* createDemoObjects(this.api, this.nodeNames, { controlPlanePods: !this.options.managed });
  }

  /** The uuid a leader-election candidate adds to its name, fixed by the cluster's id. */
  private holderId(component: string): string {
    const h = (i: number) => (hashString(`${this.etcd.layout.clusterId}/${component}/${i}`) >>> 0).toString(16).padStart(8, "0");
    return `${h(1)}-${h(2).slice(0, 4)}-4${h(3).slice(0, 3)}-a${h(4).slice(0, 3)}-${h(5)}${h(6).slice(0, 4)}`;
  }

  /** The cluster CA as kube-root-ca.crt publishes it: a PEM block derived from the etcd cluster's id. */
  private caCertificate(): string {
    const body = base64Encode(fromText(`etcd-lab cluster CA ${this.etcd.layout.clusterId} `.repeat(12)));
    const lines = body.match(/.{1,64}/g) ?? [];
    return `-----BEGIN CERTIFICATE-----\n${lines.join("\n")}\n-----END CERTIFICATE-----\n`;
  }

  /**
   * kube-apiserver compacts etcd every 5 minutes (--etcd-compaction-interval): it bumps
   * compact_rev_key in a txn, and compacts at the revision it saw the interval before
   * (k8s.io/apiserver/pkg/storage/etcd3/compact.go).
   */
  private scheduleCompaction(version: number, revision: number): void {
    this.etcd.at(this.etcd.nowMs + COMPACTION_INTERVAL_MS, () => {
      const member = this.etcd.serverConfigs().find((s) => this.etcd.isUp(s.id))?.id;
      if (!member) return this.scheduleCompaction(version, revision);
      const key = "compact_rev_key";
      const txn = this.etcd.txn(member, {
        compare: [{ key, target: "VERSION", result: "EQUAL", version }],
        success: [{ put: { key, value: String(revision) } }],
        failure: [{ range: { key } }],
      });
      txn.onSettle(() => {
        if (txn.state !== "ok") return this.scheduleCompaction(version, revision);
        const r = txn.value!;
        if (!r.succeeded) {
          const kv = "range" in r.responses[0]! ? r.responses[0].range.kvs[0] : undefined;
          return this.scheduleCompaction(kv?.version ?? version, r.header.revision);
        }
        if (revision > 0) this.etcd.compact(member, revision);
        this.scheduleCompaction(version + 1, r.header.revision);
      });
    });
  }

  private *bootstrapTask(): Task<void> {
    const api = this.api;
    const t = (name: string) => api.registry.resolve(name)!;
    for (const name of ["default", "kube-node-lease", "kube-public", "kube-system"]) {
      yield* wait(api.create(t("namespaces"), { apiVersion: "v1", kind: "Namespace", metadata: { name } }));
    }
    const version = this.options.kubeletVersion ?? KUBERNETES_VERSION;
    for (const [i, name] of this.nodeNames.entries()) {
      const controlPlane = i === 0 && !this.options.managed;
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
          // What kubeadm and the kubelet annotate a node with.
          annotations: {
            ...(this.options.managed ? {} : { "kubeadm.alpha.kubernetes.io/cri-socket": "unix:///run/containerd/containerd.sock" }),
            "node.alpha.kubernetes.io/ttl": "0",
            "volumes.kubernetes.io/controller-managed-attach-detach": "true",
          },
        },
        spec: {
          podCIDR: `10.244.${i}.0/24`,
          podCIDRs: [`10.244.${i}.0/24`],
          ...(controlPlane ? { taints: [{ effect: "NoSchedule", key: "node-role.kubernetes.io/control-plane" }] } : {}),
        },
        status: {
          addresses: [
            { address: `172.18.0.${i + 2}`, type: "InternalIP" },
            { address: name, type: "Hostname" },
          ],
          allocatable: { cpu: "4", memory: "8039352Ki", pods: "110" },
          capacity: { cpu: "4", memory: "8141752Ki", pods: "110" },
          conditions: kubeletNodeConditions(this.api.now()),
          nodeInfo: {
            machineID: hex(`${name}/machine`, 32),
            systemUUID: uuidOf(hex(`${name}/system`, 32)),
            bootID: uuidOf(hex(`${name}/boot`, 32)),
            kernelVersion: "6.1.0-28-amd64",
            osImage: "Debian GNU/Linux 12 (bookworm)",
            kubeletVersion: version,
            // Empty since 1.31 (DisableNodeKubeProxyVersion).
            kubeProxyVersion: "",
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
    // The kubernetes service has no selector: the API server keeps its endpoints itself.
    yield* wait(
      api.create(t("endpoints"), {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata: { name: "kubernetes", namespace: "default", labels: { "endpointslice.kubernetes.io/skip-mirror": "true" } },
        subsets: [{ addresses: [{ ip: "172.18.0.2" }], ports: [{ name: "https", port: 6443, protocol: "TCP" }] }],
      }),
    );
    yield* wait(
      api.create(t("endpointslices"), {
        apiVersion: "discovery.k8s.io/v1",
        kind: "EndpointSlice",
        metadata: { name: "kubernetes", namespace: "default", labels: { "kubernetes.io/service-name": "kubernetes" } },
        addressType: "IPv4",
        endpoints: [{ addresses: ["172.18.0.2"], conditions: { ready: true } }],
        ports: [{ name: "https", port: 6443, protocol: "TCP" }],
      }),
    );
  }
}
