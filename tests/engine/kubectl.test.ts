// kubectl in the lab against the simulated API server: the lesson's first flow (run a pod,
// find it in etcd, its resourceVersion is the key's mod revision), tables, output formats
// and kubectl's errors.
import { describe, expect, it } from "vitest";
import { Lab } from "@/lib/engine/shell/lab";
import { humanDuration, parseTimestamp } from "@/lib/engine/kube/printers";
import { toYaml } from "@/lib/engine/shell/kubectl/yaml";

function lab() {
  return new Lab({ members: 3, world: "kube" }).boot();
}

describe("kubectl in the lab", () => {
  it("runs a pod that lands in etcd under /registry/pods, with its mod revision as resourceVersion", () => {
    const l = lab();
    expect(l.run("kubectl run test-etcd --image=nginx")).toEqual({ stdout: "pod/test-etcd created\n", stderr: "", exitCode: 0 });
    const keys = l.run("etcdctl get /registry/pods --prefix --keys-only").stdout;
    expect(keys).toBe("/registry/pods/default/test-etcd\n\n");
    const rv = /resourceVersion: "(\d+)"/.exec(l.run("kubectl get pod test-etcd -o yaml | grep resourceVersion").stdout)![1];
    // The scheduler and kubelet keep writing the pod; at the revision kubectl saw, etcd held exactly that version.
    const mod = /"mod_revision":(\d+)/.exec(l.run(`etcdctl get /registry/pods/default/test-etcd --rev=${rv} -w json`).stdout)![1];
    expect(rv).toBe(mod);
    const table = l.run("kubectl get pods").stdout.split("\n");
    expect(table[0]).toMatch(/^NAME        READY   STATUS +RESTARTS   AGE$/);
    expect(table[1]).toMatch(/^test-etcd   0\/1     (Pending|ContainerCreating)\s+0\s+\d+s$/);
  });

  it("takes a pod from Pending through ContainerCreating to Running: scheduler binding, image pull, status and events", () => {
    const l = lab();
    l.run("kubectl run test-etcd --image=nginx");
    expect(l.run("kubectl get pod test-etcd").stdout).toMatch(/0\/1     Pending/);
    l.run("sleep 0.5");
    expect(l.run("kubectl get pod test-etcd").stdout).toMatch(/0\/1     ContainerCreating/);
    l.run("sleep 5");
    const wide = l.run("kubectl get pod test-etcd -o wide").stdout;
    expect(wide).toMatch(/test-etcd   1\/1     Running   0          \d+s    10\.244\.\d+\.\d+   worker-\d/);
    // The control-plane node is tainted: nothing of the learner's lands there.
    expect(wide).not.toContain("control-plane");
    const reasons = l
      .run("kubectl get events --sort-by=.metadata.creationTimestamp")
      .stdout.split("\n")
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(/ {3,}/)[2]);
    expect(new Set(reasons)).toEqual(new Set(["Scheduled", "Pulling", "Pulled", "Created", "Started"]));
    // Each status change was a write to etcd: the pod's mod revision moved on.
    const rv = Number(/resourceVersion: "(\d+)"/.exec(l.run("kubectl get pod test-etcd -o yaml").stdout)![1]);
    expect(rv).toBeGreaterThan(
      Number(/"create_revision":(\d+)/.exec(l.run("etcdctl get /registry/pods/default/test-etcd -w json").stdout)![1]),
    );
  });

  it("scales a deployment through its ReplicaSet, spreads pods over the workers, and cascades deletion", () => {
    const l = lab();
    expect(l.run("kubectl create deployment web --image=nginx:1.27 --replicas=2").stdout).toBe("deployment.apps/web created\n");
    l.run("sleep 8");
    expect(l.run("kubectl get deploy web").stdout).toMatch(
      /^NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    2\/2     2            2           \d+s\n$/,
    );
    const rs = l.run("kubectl get rs -o name").stdout.trim();
    expect(rs).toMatch(/^replicaset\.apps\/web-[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    expect(l.run("kubectl scale deployment web --replicas=6").stdout).toBe("deployment.apps/web scaled\n");
    l.run("sleep 8");
    const nodes = l
      .run("kubectl get pods -o wide")
      .stdout.split("\n")
      .slice(1)
      .filter(Boolean)
      .map((row) => row.split(/\s+/)[6]);
    expect(nodes.sort()).toEqual(["worker-1", "worker-1", "worker-2", "worker-2", "worker-3", "worker-3"]);
    l.run("kubectl scale deployment/web --replicas=1");
    l.run("sleep 3");
    expect(l.run("kubectl get pods -o name").stdout.trim().split("\n")).toHaveLength(1);
    l.run("kubectl delete deployment web");
    l.run("sleep 3");
    expect(l.run("kubectl get rs,pods")).toEqual({ stdout: "", stderr: "No resources found in default namespace.\n", exitCode: 0 });
  });

  it("keeps pods running without etcd's quorum, fails writes with etcd's errors, and resumes when quorum returns", () => {
    const l = lab();
    l.run("kubectl create deployment web --image=nginx:1.27 --replicas=2");
    l.run("sleep 8");
    const before = l.run("kubectl get pods -o name").stdout;
    l.run("cluster kill infra2");
    l.run("cluster kill infra3");
    const scale = l.run("kubectl scale deployment web --replicas=4");
    expect(scale.exitCode).toBe(1);
    expect(scale.stderr).toMatch(/^Error from server: etcdserver: (leader changed|request timed out)\n$/);
    expect(l.run("kubectl get pods").stderr).toBe("Error from server: etcdserver: request timed out\n");
    l.run("sleep 30");
    l.run("cluster start infra2");
    l.run("sleep 5");
    // The same pods, never restarted: the kubelets kept them running through the outage.
    expect(l.run("kubectl get pods -o name").stdout).toBe(before);
    expect(l.run("kubectl get pods").stdout.match(/Running   0/g)).toHaveLength(2);
    l.run("kubectl scale deployment web --replicas=4");
    l.run("sleep 8");
    expect(l.run("kubectl get deploy web").stdout).toMatch(/web    4\/4     4            4/);
  });

  it("keeps working when the etcd member its watches were on dies: they move to another endpoint", () => {
    const l = lab();
    // The API server's watches start on the first of its --etcd-servers.
    l.run("cluster kill infra1");
    l.run("sleep 2");
    l.run("kubectl run solo --image=nginx");
    l.run("kubectl create deployment web --image=nginx --replicas=2");
    l.run("sleep 10");
    expect(l.run("kubectl get pods --no-headers").stdout.match(/ Running /g)).toHaveLength(3);
    // The first member back: everything goes on as before.
    l.run("cluster start infra1");
    l.run("sleep 3");
    l.run("kubectl scale deployment web --replicas=3");
    l.run("sleep 8");
    expect(l.run("kubectl get deploy web --no-headers").stdout).toMatch(/^web   3\/3 /);
  });

  it("reports pods that started during an outage once quorum returns (the kubelet retries its status writes)", () => {
    const l = lab();
    l.run("kubectl create deployment web --image=nginx:1.27 --replicas=3");
    // Scheduled and pulling their image: then etcd loses its quorum before the kubelets can say "Running".
    l.run("sleep 1");
    expect(l.run("kubectl get pods --no-headers").stdout.match(/ContainerCreating/g)).toHaveLength(3);
    l.run("cluster kill infra2");
    l.run("cluster kill infra3");
    l.run("sleep 20");
    l.run("cluster start infra2");
    l.run("sleep 15");
    expect(l.run("kubectl get pods --no-headers").stdout.match(/ Running /g)).toHaveLength(3);
    expect(l.run("kubectl get deploy web --no-headers").stdout).toMatch(/^web   3\/3 /);
  });

  it("lists several kinds across namespaces with kubectl's layout", () => {
    const l = lab();
    l.run("kubectl run web --image=nginx:1.27");
    const out = l.run("kubectl get pods,svc -A").stdout;
    expect(out).toMatch(
      /^NAMESPACE   NAME      READY   STATUS    RESTARTS   AGE\ndefault     pod\/web   0\/1     Pending   0          \d+s\n\n/,
    );
    expect(out).toMatch(
      /NAMESPACE   NAME                 TYPE        CLUSTER-IP   EXTERNAL-IP   PORT\(S\)   AGE\ndefault     service\/kubernetes   ClusterIP   10\.96\.0\.1    <none>        443\/TCP   \d+s\n$/,
    );
    expect(l.run("kubectl get nodes -o name").stdout).toBe("node/control-plane\nnode/worker-1\nnode/worker-2\nnode/worker-3\n");
    expect(l.run("kubectl get ns -l kubernetes.io/metadata.name=kube-system -o name").stdout).toBe("namespace/kube-system\n");
  });

  it("answers with kubectl's errors and exit codes", () => {
    const l = lab();
    expect(l.run("kubectl get pod nope")).toEqual({
      stdout: "",
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
      exitCode: 1,
    });
    expect(l.run("kubectl get foo")).toEqual({
      stdout: "",
      stderr: 'error: the server doesn\'t have a resource type "foo"\n',
      exitCode: 1,
    });
    expect(l.run("kubectl get pods -n kube-public")).toEqual({
      stdout: "",
      stderr: "No resources found in kube-public namespace.\n",
      exitCode: 0,
    });
    expect(l.run("kubectl run x")).toEqual({ stdout: "", stderr: 'error: required flag(s) "image" not set\n', exitCode: 1 });
    l.run("kubectl run x --image=busybox");
    expect(l.run("kubectl run x --image=busybox").stderr).toBe('Error from server (AlreadyExists): pods "x" already exists\n');
    expect(l.run("kubectl run y --image=busybox -n missing").stderr).toBe('Error from server (NotFound): namespaces "missing" not found\n');
    expect(l.run("kubectl delete pod x")).toEqual({ stdout: 'pod "x" deleted\n', stderr: "", exitCode: 0 });
    expect(l.run("kubectl get pods --bogus").stderr).toBe("error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n");
  });

  it("formats ages as kubectl's HumanDuration and timestamps without the host clock", () => {
    expect(
      [1_000, 119_000, 125_000, 600_000, 3 * 3600_000 + 5 * 60_000, 9 * 3600_000, 50 * 3600_000, 400 * 86_400_000, 800 * 86_400_000].map(
        humanDuration,
      ),
    ).toEqual(["1s", "119s", "2m5s", "10m", "3h5m", "9h", "2d2h", "400d", "2y70d"]);
    expect(parseTimestamp("2026-01-01T00:00:05Z")).toBe(1_767_225_605_000);
  });

  it("writes YAML as kubectl does: sorted keys, list items at the parent's indentation, quoted look-alikes", () => {
    expect(
      toYaml({
        metadata: { resourceVersion: "11", name: "x", labels: { run: "x" } },
        spec: { containers: [{ name: "x", image: "nginx" }] },
        empty: {},
      }),
    ).toBe(
      'empty: {}\nmetadata:\n  labels:\n    run: x\n  name: x\n  resourceVersion: "11"\nspec:\n  containers:\n  - image: nginx\n    name: x\n',
    );
  });

  it("is not installed in a lab without Kubernetes", () => {
    const l = new Lab({ members: 1 }).boot();
    expect(l.run("kubectl get pods")).toEqual({ stdout: "", stderr: "kubectl: command not found\n", exitCode: 127 });
  });
});

describe("kubectl's help and unknown commands", () => {
  it("prints kubectl's own help for kubectl, a command and a nested command, with -h or --help", () => {
    const l = new Lab({ members: 1, world: "kube" }).boot();
    const root = l.run("kubectl");
    expect(root.exitCode).toBe(0);
    expect(root.stdout).toMatch(/^kubectl controls the Kubernetes cluster manager\./);
    expect(root.stdout).toContain("Basic Commands (Beginner):");
    expect(l.run("kubectl get --help").stdout).toMatch(/^Display one or many resources\./);
    const generic = l.run("kubectl create secret generic -h");
    expect(generic.stdout).toMatch(/^Create a secret based on a file, directory, or specified literal value\./);
    expect(generic.stdout).toContain("kubectl create secret generic NAME");
    // The help wins over a missing argument, as in kubectl.
    expect(l.run("kubectl scale --help").exitCode).toBe(0);
  });

  it("suggests the nearest commands for a typo, and says plainly which real commands the lab lacks", () => {
    const l = new Lab({ members: 1, world: "kube" }).boot();
    expect(l.run("kubectl gett pods")).toEqual({
      stdout: "",
      stderr: 'error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n',
      exitCode: 1,
    });
    // Recorded from kubectl 1.32: cobra lists them in registration order, not sorted.
    expect(l.run("kubectl a").stderr).toContain(
      "\tautoscale\n\tattach\n\tcp\n\tauth\n\tapply\n\tannotate\n\tapi-versions\n\tapi-resources\n",
    );
    expect(l.run("kubectl co").stderr).toContain("\ttop\n\tcordon\n\tcp\n\tcompletion\n\tconfig\n");
    expect(l.run("kubectl frobnicate").stderr).toBe('error: unknown command "frobnicate" for "kubectl"\n');
    expect(l.run("kubectl debug pod/x")).toEqual({
      stdout: "",
      stderr: 'error: "kubectl debug" is not available in this lab\'s kubectl\n',
      exitCode: 1,
    });
  });
});

describe("Go's sort.Sort, as kubectl sorts", () => {
  it("sorts like any sort, and leaves ties where Go's pdqsort leaves them", async () => {
    const { goSort, naturalLess } = await import("@/lib/engine/shell/kubectl/gosort");
    const numbers = Array.from({ length: 500 }, (_, i) => (i * 7919) % 503);
    expect(goSort([...numbers], (a, b) => a < b)).toEqual([...numbers].sort((a, b) => a - b));
    // Up to 12 elements Go uses insertion sort: stable.
    const small = ["b1", "a1", "b2", "a2", "b3"];
    expect(goSort([...small], (x, y) => x[0]! < y[0]!)).toEqual(["a1", "a2", "b1", "b2", "b3"]);
    // Beyond, ties move (no Go here to compare with: the kubectl server-side replay of
    // `get events --sort-by`, ~100 events, checks the exact order against kubectl itself).
    const many = Array.from({ length: 40 }, (_, i) => ({ key: i % 3, id: i }));
    const keys = goSort(many, (x, y) => x.key < y.key).map((x) => x.key);
    expect(keys).toEqual([...keys].sort());
    expect(naturalLess("pod-9", "pod-10")).toBe(true);
    expect(naturalLess("pod-010", "pod-10")).toBe(false);
    expect(naturalLess("a", "ab")).toBe(true);
  });
});

describe("kubectl explain", () => {
  it("documents a kind and a field path from the API server's OpenAPI schemas (Kubernetes 1.32's)", () => {
    const l = new Lab({ members: 1, world: "kube" }).boot();
    const pod = l.run("kubectl explain pods");
    expect(pod.stdout).toMatch(/^KIND: {7}Pod\nVERSION: {4}v1\n\nDESCRIPTION:\n {4}Pod is a collection of containers/);
    expect(pod.stdout).toContain("\n  spec\t<PodSpec>\n");
    const image = l.run("kubectl explain deployments.spec.template.spec.containers.image").stdout;
    expect(image).toMatch(
      /^GROUP: {6}apps\nKIND: {7}Deployment\nVERSION: {4}v1\n\nFIELD: image <string>\n\n\nDESCRIPTION:\n {4}Container image name\./,
    );
    expect(l.run("kubectl explain svc.spec.ports --recursive").stdout).toContain("FIELDS:\n  appProtocol\t<string>\n  name\t<string>\n");
    expect(l.run("kubectl explain pods.spec.nope")).toEqual({
      stdout: "KIND:       Pod\nVERSION:    v1\n\n",
      stderr: 'error: field "nope" does not exist\n',
      exitCode: 1,
    });
    expect(l.run("kubectl explain frobs").stderr).toBe('the server doesn\'t have a resource type "frobs"\n');
  });

  it("wraps as go-wordwrap does: at spaces, never inside a word, keeping the text's newlines", async () => {
    const { wordWrap } = await import("@/lib/engine/shell/kubectl/explain");
    expect(wordWrap("aaa bbb ccc", 7)).toBe("aaa bbb\nccc");
    expect(wordWrap("a https://very.long/url/that/does/not/fit b", 10)).toBe("a\nhttps://very.long/url/that/does/not/fit\nb");
    expect(wordWrap("one\ntwo three", 6)).toBe("one\ntwo\nthree");
  });
});

describe("kubectl config and the kubeconfig file", () => {
  it("starts from kubeadm's admin config, and switches namespace and context as kubectl does", () => {
    const l = new Lab({ members: 1, world: "demo" }).boot();
    expect(l.run("kubectl config current-context").stdout).toBe("kubernetes-admin@kubernetes\n");
    expect(l.run("kubectl config get-contexts").stdout).toBe(
      "CURRENT   NAME                          CLUSTER      AUTHINFO           NAMESPACE\n*         kubernetes-admin@kubernetes   kubernetes   kubernetes-admin   \n",
    );
    expect(l.run("kubectl config view").stdout).toContain("    client-certificate-data: DATA+OMITTED\n");
    expect(l.run("kubectl config set-context --current --namespace=argocd").stdout).toBe(
      'Context "kubernetes-admin@kubernetes" modified.\n',
    );
    // The context's namespace is now kubectl's default, and the file on disk says so.
    expect(l.run("kubectl get deploy argocd-server").exitCode).toBe(0);
    expect(l.run("cat ~/.kube/config | grep namespace").stdout).toBe("    namespace: argocd\n");
    expect(l.run("kubectl config use-context nope")).toMatchObject({
      stderr: 'error: no context exists with the name: "nope"\n',
      exitCode: 1,
    });
    expect(l.run("kubectl --context=nope get pods")).toMatchObject({
      stderr: "error: context was not found for specified context: nope\n",
      exitCode: 1,
    });
    expect(l.run("KUBECONFIG= kubectl config view").stdout).toContain('clusters: null\ncontexts: null\ncurrent-context: ""\n');
  });

  it("takes kubectl's global flags before the command", () => {
    const l = new Lab({ members: 1, world: "demo" }).boot();
    expect(l.run("kubectl -n monitoring get svc -o name").stdout).toBe("service/grafana\nservice/prometheus-server\n");
    expect(l.run("kubectl -n")).toMatchObject({
      stderr: "error: flag needs an argument: 'n' in -n\nSee 'kubectl --help' for usage.\n",
      exitCode: 1,
    });
    expect(l.run("kubectl --bogus get pods").stderr).toBe("error: unknown flag: --bogus\nSee 'kubectl --help' for usage.\n");
  });
});
