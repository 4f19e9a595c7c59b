// kubectl's workflows on the lab cluster: manifests applied from the terminal's files,
// labels and annotations, rollouts with their history and undo, and logs.
import { describe, expect, it } from "vitest";
import { Lab } from "@/lib/engine/shell/lab";

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
    targetPort: 8080
`;

function lab() {
  const l = new Lab({ members: 3, world: "kube" }).boot();
  l.run("cat > web.yaml", MANIFEST);
  return l;
}

describe("kubectl workflows", () => {
  it("applies a manifest: created, then unchanged, then configured; deletes it with -f", () => {
    const l = lab();
    expect(l.run("kubectl apply -f web.yaml")).toEqual({
      stdout: "deployment.apps/web created\nservice/web created\n",
      stderr: "",
      exitCode: 0,
    });
    expect(l.run("kubectl apply -f web.yaml").stdout).toBe("deployment.apps/web unchanged\nservice/web unchanged\n");
    const clusterIP = /web\s+ClusterIP\s+(\S+)/.exec(l.run("kubectl get svc web").stdout)![1];
    l.run("cat > web.yaml", MANIFEST.replace("replicas: 2", "replicas: 3"));
    expect(l.run("kubectl apply -f web.yaml").stdout).toBe("deployment.apps/web configured\nservice/web unchanged\n");
    l.run("sleep 8");
    expect(l.run("kubectl get deploy web").stdout).toMatch(/web    3\/3/);
    // The server's allocation survives a re-apply.
    expect(/web\s+ClusterIP\s+(\S+)/.exec(l.run("kubectl get svc web").stdout)![1]).toBe(clusterIP);
    expect(l.run("kubectl delete -f web.yaml").stdout).toBe('deployment.apps "web" deleted\nservice "web" deleted\n');
  });

  it("reports bad manifests as kubectl does", () => {
    const l = lab();
    expect(l.run("kubectl apply -f nope.yaml")).toEqual({
      stdout: "",
      stderr: 'error: the path "nope.yaml" does not exist\n',
      exitCode: 1,
    });
    l.run("cat > bad.yaml", "apiVersion: v1\nkind: Gizmo\nmetadata:\n  name: g\n");
    expect(l.run("kubectl apply -f bad.yaml").stderr).toBe(
      'error: resource mapping not found for name: "g" namespace: "" from "bad.yaml": no matches for kind "Gizmo" in version "v1"\nensure CRDs are installed first\n',
    );
    l.run("cat > broken.yaml", "apiVersion: v1\nkind: Pod\n  metadata: [\n");
    expect(l.run("kubectl apply -f broken.yaml").stderr).toMatch(
      /^error: error parsing broken.yaml: error converting YAML to JSON: yaml: /,
    );
    expect(l.run("kubectl apply -f - ", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-stdin\ndata:\n  a: b\n").stdout).toBe(
      "configmap/from-stdin created\n",
    );
  });

  it("labels and annotates, refusing to overwrite without --overwrite", () => {
    const l = lab();
    l.run("kubectl run p --image=busybox");
    expect(l.run("kubectl label pod p tier=web").stdout).toBe("pod/p labeled\n");
    expect(l.run("kubectl label pod p tier=db").stderr).toBe("error: 'tier' already has a value (web), and --overwrite is false\n");
    expect(l.run("kubectl label pod p tier=db --overwrite").exitCode).toBe(0);
    expect(l.run("kubectl get pods -l tier=db -o name").stdout).toBe("pod/p\n");
    expect(l.run("kubectl label pod p tier-").stdout).toBe("pod/p unlabeled\n");
    expect(l.run("kubectl annotate pod/p owner=team-a").stdout).toBe("pod/p annotated\n");
    expect(l.run("kubectl get pod p -o yaml | grep owner").stdout).toBe("    owner: team-a\n");
  });

  it("rolls out, restarts, and undoes a deployment, with revisions moving as Kubernetes moves them", () => {
    const l = lab();
    l.run("kubectl apply -f web.yaml");
    expect(l.run("kubectl rollout status deployment/web").stdout).toMatch(/deployment "web" successfully rolled out\n$/);
    expect(l.run("kubectl rollout restart deployment web").stdout).toBe("deployment.apps/web restarted\n");
    const status = l.run("kubectl rollout status deployment web").stdout;
    expect(status).toMatch(/new replicas have been updated|old replicas are pending termination|updated replicas are available/);
    expect(l.run("kubectl rollout history deployment/web").stdout).toBe(
      "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n",
    );
    expect(l.run("kubectl rollout undo deployment/web").stdout).toBe("deployment.apps/web rolled back\n");
    l.run("kubectl rollout status deployment web");
    expect(l.run("kubectl rollout history deployment/web").stdout).toBe(
      "deployment.apps/web \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n",
    );
    expect(l.run("kubectl rollout undo deployment/web --to-revision=9").stderr).toBe(
      "error: unable to find specified revision 9 in history\n",
    );
  });

  it("prints a started container's logs and refuses a waiting one's", () => {
    const l = lab();
    l.run("kubectl run web --image=nginx:1.27");
    expect(l.run("kubectl logs web").stderr).toBe(
      'Error from server (BadRequest): container "web" in pod "web" is waiting to start: ContainerCreating\n',
    );
    l.run("sleep 6");
    const out = l.run("kubectl logs web --tail=1").stdout;
    expect(out).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: start worker processes\n$/);
  });

  it("notices a dead node after 40 s, evicts its pods after 5 minutes, reschedules them, and takes the node back", () => {
    const l = lab();
    l.run("kubectl apply -f web.yaml");
    l.run("kubectl scale deployment web --replicas=3");
    l.run("kubectl rollout status deployment web");
    const onWorker1 = () =>
      l
        .run("kubectl get pods -o wide")
        .stdout.split("\n")
        .filter((r) => r.includes("worker-1"));
    const victims = onWorker1().map((r) => r.split(/\s+/)[0]!);
    expect(victims.length).toBeGreaterThan(0);
    expect(l.run("cluster stop-node worker-1").stdout).toBe("worker-1 powered off\n");
    l.run("sleep 30");
    expect(l.run("kubectl get node worker-1").stdout).toMatch(/worker-1   Ready/);
    l.run("sleep 20");
    expect(l.run("kubectl get node worker-1").stdout).toMatch(/worker-1   NotReady/);
    for (const row of onWorker1()) expect(row).toMatch(/0\/1\s+Running/);
    l.run("sleep 310");
    // Evicted: Terminating forever on the dead node, replaced on the others.
    for (const row of onWorker1()) expect(row).toMatch(/Terminating/);
    const running = l
      .run("kubectl get pods -o wide")
      .stdout.split("\n")
      .filter((r) => /1\/1\s+Running/.test(r));
    expect(running).toHaveLength(3);
    expect(running.every((r) => !r.includes("worker-1"))).toBe(true);
    l.run("cluster start-node worker-1");
    l.run("sleep 15");
    expect(l.run("kubectl get node worker-1").stdout).toMatch(/worker-1   Ready/);
    // The kubelet is back and finishes the evicted pods' deletion.
    expect(l.run("kubectl get pods").stdout).not.toMatch(/Terminating/);
    for (const name of victims) expect(l.run(`kubectl get pod ${name}`).exitCode).toBe(1);
  });

  it("deletes a pod gracefully: Terminating until its kubelet stops it, and kubectl waits for that", () => {
    const l = lab();
    l.run("kubectl run p --image=nginx");
    l.run("sleep 6");
    const started = l.cluster.nowMs;
    expect(l.run("kubectl delete pod p").stdout).toBe('pod "p" deleted\n');
    expect(l.cluster.nowMs - started).toBeGreaterThan(500);
    expect(l.run("kubectl get pod p").stderr).toBe('Error from server (NotFound): pods "p" not found\n');
    expect(l.run("kubectl get events --field-selector=involvedObject.name=p,reason=Killing").stdout).toMatch(
      /^LAST SEEN   TYPE     REASON    OBJECT   MESSAGE\n\d+s +Normal   Killing   pod\/p +Stopping container p\n$/,
    );
  });
});

describe("kubectl describe", () => {
  it("describes a pod as kubectl does: aligned sections, containers, conditions, and its events in order", () => {
    const l = new Lab({ members: 3, world: "kube" }).boot();
    l.run("kubectl run test-etcd --image=nginx");
    l.run("sleep 6");
    const out = l.run("kubectl describe pod test-etcd").stdout;
    expect(out).toMatch(
      /^Name:             test-etcd\nNamespace:        default\nPriority:         0\nService Account:  default\nNode:             worker-\d\/172\.18\.0\.\d\n/,
    );
    expect(out).toMatch(/Start Time:       \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000\n/);
    expect(out).toContain("Containers:\n  test-etcd:\n    Container ID:   containerd://");
    expect(out).toContain("Conditions:\n  Type                        Status\n  PodReadyToStartContainers   True \n");
    const reasons = out
      .split("Events:\n")[1]!
      .split("\n")
      .slice(2)
      .filter(Boolean)
      .map((row) => row.trim().split(/\s+/)[1]);
    // By last timestamp (seconds), ties in list order: event names carry the time, as client-go's do.
    expect(reasons).toEqual(["Scheduled", "Pulling", "Pulled", "Created", "Started"]);
  });

  it("describes deployments with their scaling events, and namespaces as kubectl does", () => {
    const l = new Lab({ members: 3, world: "kube" }).boot();
    l.run("kubectl create deployment web --image=nginx --replicas=2");
    l.run("sleep 6");
    l.run("kubectl scale deployment web --replicas=3");
    l.run("sleep 5");
    const out = l.run("kubectl describe deployment web").stdout;
    expect(out).toContain("Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable\n");
    expect(out).toMatch(/Scaled up replica set web-\w+ from 0 to 2\n.*Scaled up replica set web-\w+ from 2 to 3\n$/s);
    expect(l.run("kubectl describe ns default").stdout).toBe(
      // kubectl 1.32 against the lab's server prints no quota or limit lines when there are none.
      "Name:         default\nLabels:       kubernetes.io/metadata.name=default\nAnnotations:  <none>\nStatus:       Active\n",
    );
  });
});

describe("kubectl -o jsonpath", () => {
  it("walks paths, indexes, ranges, filters and literals as kubectl's JSONPath does", async () => {
    const { jsonpath } = await import("@/lib/engine/shell/kubectl/jsonpath");
    const list = {
      items: [
        { metadata: { name: "a", labels: { "app.kubernetes.io/name": "x" } }, status: { phase: "Running" } },
        { metadata: { name: "b" }, status: { phase: "Pending" } },
      ],
    };
    expect(jsonpath("{.items[*].metadata.name}", list)).toBe("a b");
    expect(jsonpath('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}', list)).toBe("a\tRunning\nb\tPending\n");
    expect(jsonpath('{.items[?(@.status.phase=="Running")].metadata.name}', list)).toBe("a");
    expect(jsonpath("{.items[-1].metadata.name}", list)).toBe("b");
    expect(jsonpath("{.items[0].metadata.labels['app.kubernetes.io/name']}", list)).toBe("x");
    expect(jsonpath("{..phase}", list)).toBe("Running Pending");
    expect(jsonpath("name: {.items[0].metadata.missing}!", list)).toBe("name: !");
  });

  it("prints through kubectl get, and reports template errors", () => {
    const l = new Lab({ members: 3, world: "kube" }).boot();
    expect(l.run("kubectl get svc kubernetes -o jsonpath='{.spec.clusterIP}'").stdout).toBe("10.96.0.1");
    expect(l.run("kubectl get nodes -o jsonpath='{.items[*].metadata.name}'").stdout).toBe("control-plane worker-1 worker-2 worker-3");
    expect(l.run("kubectl get nodes -o jsonpath='{.items'").stderr).toBe("error: error parsing jsonpath {.items, unclosed action\n");
  });
});

describe("optimistic concurrency through kubectl", () => {
  it("replaces with a current resourceVersion, and refuses a stale one with the real Conflict", () => {
    const l = new Lab({ members: 3, world: "kube" }).boot();
    l.run("kubectl create deployment web --image=nginx");
    l.run("sleep 6");
    l.run("kubectl get deploy web -o yaml > stale.yaml");
    l.run("kubectl scale deploy web --replicas=2");
    expect(l.run("kubectl replace -f stale.yaml")).toEqual({
      stdout: "",
      stderr:
        'Error from server (Conflict): error when replacing "stale.yaml": Operation cannot be fulfilled on deployments.apps "web": the object has been modified; please apply your changes to the latest version and try again\n',
      exitCode: 1,
    });
    l.run("sleep 6");
    l.run("kubectl get deploy web -o yaml > fresh.yaml");
    expect(l.run("kubectl replace -f fresh.yaml").stdout).toBe("deployment.apps/web replaced\n");
  });
});

describe("containers that exit", () => {
  it("crash-loops a bare busybox with the kubelet's back-off, counting repeated events", () => {
    const l = new Lab({ members: 1, world: "kube" }).boot();
    l.run("kubectl run bb --image=busybox");
    l.run("sleep 8");
    expect(l.run("kubectl get pod bb").stdout).toMatch(/^bb +0\/1 +CrashLoopBackOff +1 \(\d+s ago\) /m);
    // Restarts at once, then after 10 s, 20 s, 40 s...: four runs within a minute.
    l.run("sleep 52");
    const pod = JSON.parse(l.run("kubectl get pod bb -o json").stdout) as {
      status: { containerStatuses: Array<{ restartCount: number; lastState: { terminated: { reason: string; exitCode: number } } }> };
    };
    expect(pod.status.containerStatuses[0]!.restartCount).toBe(3);
    expect(pod.status.containerStatuses[0]!.lastState.terminated).toMatchObject({ reason: "Completed", exitCode: 0 });
    const events = l.run("kubectl describe pod bb").stdout.split("Events:\n")[1]!;
    expect(events).toMatch(/Normal {3}Started {4}\d+s \(x4 over \d+s\) {2}kubelet/);
    expect(events).toMatch(
      /Warning {2}BackOff {4}\d+s \(x3 over \d+s\) {2}kubelet {12}Back-off restarting failed container bb in pod bb_default\(/,
    );
    // Not ready, so not behind a service and not counted available.
    expect(l.run("kubectl get pod bb -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}'").stdout).toBe("False");
  });

  it("completes a one-shot pod, keeps its output, and lets a sleeping container run its time", async () => {
    const { restartBackoffMs, goDuration } = await import("@/lib/engine/kube/containers");
    const l = new Lab({ members: 1, world: "kube" }).boot();
    l.run('kubectl run hi --image=busybox --restart=Never -- sh -c "echo hello from busybox"');
    l.run("kubectl run nap --image=busybox --restart=Never -- sleep 30");
    l.run("sleep 10");
    expect(l.run("kubectl get pods").stdout).toMatch(/^hi +0\/1 +Completed +0 .*\nnap +1\/1 +Running /ms);
    expect(l.run("kubectl logs hi").stdout).toBe("hello from busybox\n");
    l.run("sleep 30");
    expect(l.run("kubectl get pod nap").stdout).toMatch(/^nap +0\/1 +Completed /m);
    expect([1, 2, 3, 7, 8].map((n) => goDuration(restartBackoffMs(n)))).toEqual(["0s", "10s", "20s", "5m0s", "5m0s"]);
  });
});

describe("the scheduler's resource fit", () => {
  it("places pods by their CPU requests and says why the rest cannot be placed, as kube-scheduler 1.32 does", () => {
    const l = new Lab({ members: 1, world: "kube" }).boot();
    const manifest = [
      "apiVersion: apps/v1",
      "kind: Deployment",
      "metadata:",
      "  name: big",
      "spec:",
      "  replicas: 4",
      "  selector:",
      "    matchLabels: {app: big}",
      "  template:",
      "    metadata:",
      "      labels: {app: big}",
      "    spec:",
      "      containers:",
      "      - name: app",
      "        image: nginx",
      "        resources:",
      "          requests: {cpu: '3', memory: 256Mi}",
      "",
    ].join("\n");
    l.run("cat > big.yaml", manifest);
    expect(l.run("kubectl apply -f big.yaml").stdout).toBe("deployment.apps/big created\n");
    l.run("sleep 15");
    const pods = l.run("kubectl get pods -o wide --no-headers").stdout.trim().split("\n");
    expect(pods.filter((p) => / Running /.test(p))).toHaveLength(3);
    const pending = pods.find((p) => / Pending /.test(p))!.split(/\s+/)[0]!;
    expect(l.run(`kubectl get events --field-selector involvedObject.name=${pending} -o jsonpath='{.items[0].message}'`).stdout).toBe(
      "0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.",
    );
    expect(l.run("kubectl describe node worker-1").stdout).toMatch(/\n {2}cpu +3 \(75%\) +0 \(0%\)\n {2}memory +256Mi \(3%\) +0 \(0%\)\n/);
    // Room again: scaled down to 3, nothing is left pending.
    l.run("kubectl scale deployment big --replicas=3");
    l.run("sleep 5");
    expect(l.run("kubectl get pods --no-headers").stdout).not.toMatch(/Pending/);
  });
});
