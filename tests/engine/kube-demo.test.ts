// The demo cluster a learner of the lesson meets, and the lesson's kubectl commands on it.
import { describe, expect, it, vi } from "vitest";
import { Informer } from "@/lib/engine/kube/informer";
import { KubeStore } from "@/lib/engine/kube/store";
import { Lab } from "@/lib/engine/shell/lab";

describe("the demo cluster", () => {
  const lab = new Lab({ members: 3, world: "demo" }).boot();

  it("runs the control plane's pods, CoreDNS, Argo CD and monitoring, all Running", () => {
    const pods = lab.run("kubectl get pods -A").stdout.split("\n").slice(1).filter(Boolean);
    expect(pods.length).toBe(17);
    expect(pods.every((row) => /1\/1\s+Running/.test(row))).toBe(true);
    for (const name of [
      "kube-apiserver-control-plane",
      "coredns-",
      "argocd-server-",
      "argocd-repo-server-",
      "prometheus-server-",
      "grafana-",
    ]) {
      expect(pods.some((row) => row.includes(name))).toBe(true);
    }
  });

  it("answers the lesson's kubectl commands", () => {
    expect(lab.run("kubectl get configmaps,secrets -A").stdout).toMatch(
      /argocd\s+configmap\/argocd-cm[\s\S]*argocd\s+secret\/argocd-initial-admin-secret\s+Opaque\s+1/,
    );
    expect(lab.run("kubectl get roles,rolebindings -A").stdout).toContain("rolebinding.rbac.authorization.k8s.io/kube-proxy");
    expect(Number(lab.run("kubectl get all -A | wc -l").stdout)).toBeGreaterThan(40);
    expect(lab.run("kubectl cluster-info").stdout).toBe(
      "Kubernetes control plane is running at https://127.0.0.1:6443\nCoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    expect(lab.run("kubectl get applications -n argocd -o name").stdout).toBe(
      "application.argoproj.io/guestbook\napplication.argoproj.io/helm-guestbook\napplication.argoproj.io/monitoring-stack\n",
    );
    expect(lab.run("etcdctl get /registry/argoproj.io/applications/argocd/guestbook --keys-only").stdout).toBe(
      "/registry/argoproj.io/applications/argocd/guestbook\n\n",
    );
    const forward = lab.run("timeout 2 kubectl port-forward svc/prometheus-server -n monitoring 9090:80");
    expect(forward).toEqual({
      stdout: "Forwarding from 127.0.0.1:9090 -> 9090\nForwarding from [::1]:9090 -> 9090\n",
      stderr: "",
      exitCode: 124,
    });
  });

  it("scales argocd-server to 4 while kubectl get pods -w follows the new pods", () => {
    let watched = "";
    const exec = lab.shell.execute(
      "kubectl get pods -n argocd -l app.kubernetes.io/name=argocd-server -w",
      (t) => (watched += t),
      () => {},
    );
    // A second terminal: the watch keeps running while the world moves on.
    const follow = (ms: number) => {
      const until = lab.cluster.nowMs + ms;
      while (lab.cluster.nowMs < until) {
        exec.resume();
        lab.cluster.runFor(50);
      }
      exec.resume();
    };
    follow(200);
    expect(watched).toMatch(/^NAME +READY   STATUS    RESTARTS   AGE\nargocd-server-\w+-\w+   1\/1     Running/);
    expect(lab.run("kubectl scale deployment argocd-server --replicas=4 -n argocd").stdout).toBe("deployment.apps/argocd-server scaled\n");
    follow(8000);
    expect(exec.finished).toBe(false);
    exec.interrupt(); // Ctrl-C
    expect(watched.match(/ContainerCreating/g)?.length).toBeGreaterThanOrEqual(3);
    expect(lab.run("kubectl get deploy argocd-server -n argocd").stdout).toMatch(/argocd-server   4\/4/);
  });

  it("keeps each service's endpoints to its ready pods, and the controllers' leader leases renewed", () => {
    expect(lab.run("kubectl get endpoints kubernetes").stdout).toMatch(
      /^NAME         ENDPOINTS         AGE\nkubernetes   172\.18\.0\.2:6443   \d+s\n$/,
    );
    expect(lab.run("kubectl get ep prometheus-server -n monitoring").stdout).toMatch(/prometheus-server   10\.244\.\d+\.\d+:9090   /);
    const renewed = () => JSON.parse(lab.run("kubectl get lease kube-scheduler -n kube-system -o json").stdout).spec.renewTime as string;
    const before = renewed();
    lab.run("sleep 5");
    expect(renewed() > before).toBe(true);
  });

  it("reads the kubelets' Nodes and admission's Namespaces from caches, not from etcd, as the real components do", () => {
    const gets = vi.spyOn(KubeStore.prototype, "get");
    try {
      lab.run("kubectl run cache-check --image=nginx");
      lab.run("sleep 30");
      const read = gets.mock.calls.map(([t]) => t.plural);
      expect(read).not.toContain("nodes");
      expect(read).not.toContain("namespaces");
      // The kubelets still report their nodes ready, from what the cache shows.
      expect(lab.run("kubectl get nodes --no-headers").stdout.match(/ Ready /g)).toHaveLength(4);
    } finally {
      gets.mockRestore();
      lab.run("kubectl delete pod cache-check --wait=false");
    }
  });

  it("keeps a namespaced informer to its namespace: the node leases, not the controllers' leader leases", () => {
    const api = lab.kube!.api;
    const nodeLeases = new Informer(api, api.registry.resolve("leases")!, "kube-node-lease");
    const seen: string[] = [];
    nodeLeases.onChange((_type, lease) => seen.push(`${lease.metadata.namespace}/${lease.metadata.name}`));
    nodeLeases.start();
    lab.run("sleep 12");
    nodeLeases.stop();
    expect([...nodeLeases.cache.keys()].sort()).toEqual(
      ["control-plane", "worker-1", "worker-2", "worker-3"].map((n) => `kube-node-lease/${n}`),
    );
    // Renewed while it watched (every 10 s), and nothing from kube-system, renewed every 2 s.
    expect(seen.length).toBeGreaterThan(4);
    expect(seen.every((key) => key.startsWith("kube-node-lease/"))).toBe(true);
  });

  it("serves kube-apiserver's metrics, computed from etcd and its own requests", () => {
    const metrics = lab.run("kubectl get --raw /metrics").stdout;
    const pods = Number(/apiserver_storage_objects\{resource="pods"\} (\d+)/.exec(metrics)![1]);
    const keys = lab.run("etcdctl get /registry/pods/ --prefix --keys-only | grep -c registry").stdout;
    expect(pods).toBe(Number(keys));
    expect(metrics).toMatch(/etcd_request_duration_seconds_bucket\{operation="create",type="Pod",le="0.005"\} \d+/);
    expect(metrics).toMatch(/apiserver_request_total\{code="201",component="apiserver",resource="pods",verb="CREATE"\} \d+/);
    expect(lab.run("kubectl get --raw /healthz").stdout).toBe("ok");
  });

  it("compacts etcd every five minutes through compact_rev_key, as kube-apiserver does", () => {
    lab.run("sleep 610");
    const key = JSON.parse(lab.run("etcdctl get compact_rev_key -w json").stdout) as { kvs: Array<{ version: number; value: string }> };
    expect(key.kvs[0]!.version).toBe(2);
    const compacted = Number(Buffer.from(key.kvs[0]!.value, "base64").toString());
    expect(lab.run(`etcdctl get /registry/pods --prefix --rev=${compacted - 1}`).stderr).toContain("required revision has been compacted");
  });
});

describe("the managed cluster profile", () => {
  const lab = new Lab({ members: 3, world: "managed" }).boot();

  it("hides etcd and the control plane, as a managed Kubernetes service does", () => {
    expect(lab.run("etcdctl member list")).toEqual({ stdout: "", stderr: "etcdctl: command not found\n", exitCode: 127 });
    expect(lab.run("cluster kill infra1").stderr).toMatch(/^cluster: this is a managed Kubernetes service/);
    expect(lab.run("kubectl get nodes -o name").stdout).toBe("node/worker-1\nnode/worker-2\nnode/worker-3\n");
    expect(lab.run("kubectl get pods -n kube-system").stdout).not.toContain("kube-apiserver");
    // Kubernetes still keeps every object in (the provider's) etcd.
    expect(lab.run("kubectl run p --image=nginx").stdout).toBe("pod/p created\n");
    expect(lab.run("cluster stop-node worker-2").stdout).toBe("worker-2 powered off\n");
  });
});
