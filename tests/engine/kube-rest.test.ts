// The lab's kube-apiserver over REST (lib/engine/kube/rest.ts): what the real kubectl talks to
// in the server-side fidelity recordings. Requests run in virtual time like any other client's.
import { describe, expect, it } from "vitest";
import { KubeRest, jsonPatch, mergePatch, strategicMergePatch, type RestRequest } from "@/lib/engine/kube/rest";
import { KubeError } from "@/lib/engine/kube/errors";
import { Lab } from "@/lib/engine/shell/lab";

// Response bodies are read deep and unchecked here: the assertions are the checks.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = Record<string, any>;

function setup() {
  const lab = new Lab({ members: 1, world: "kube" }).boot();
  const rest = new KubeRest(lab.kube!);
  const call = (method: string, url: string, init: Partial<RestRequest> = {}) => {
    const u = new URL(url, "https://127.0.0.1");
    const p = rest.handle({ method, path: u.pathname, query: new Map(u.searchParams), ...init });
    lab.cluster.runUntilSettled(p, lab.cluster.nowMs + 60_000);
    const r = p.unwrap();
    return { status: r.status, body: (r.contentType === "application/json" ? JSON.parse(r.body) : {}) as Body, text: r.body };
  };
  return { lab, rest, call };
}

describe("the lab's kube-apiserver over REST", () => {
  it("serves legacy discovery: versions, groups, and each group version's resources with verbs and short names", () => {
    const { call } = setup();
    expect(call("GET", "/api").body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = call("GET", "/apis").body.groups.map((g: { name: string }) => g.name);
    expect(groups).toEqual(expect.arrayContaining(["apps", "rbac.authorization.k8s.io", "coordination.k8s.io", "discovery.k8s.io"]));
    const core = call("GET", "/api/v1").body.resources as Body[];
    expect(core.find((r) => r.name === "pods")).toMatchObject({ kind: "Pod", namespaced: true, shortNames: ["po"], categories: ["all"] });
    expect(core.find((r) => r.name === "pods/log")).toMatchObject({ verbs: ["get"] });
    expect(call("GET", "/apis/apps/v1").body.resources.find((r: { name: string }) => r.name === "deployments/scale")).toMatchObject({
      group: "autoscaling",
      kind: "Scale",
    });
    expect(call("GET", "/apis/nope/v1")).toMatchObject({ status: 404, body: { reason: "NotFound" } });
  });

  it("lists as JSON or as a meta.k8s.io Table, with the printer columns and label and field selectors", () => {
    const { call } = setup();
    const list = call("GET", "/api/v1/nodes").body;
    expect(list.kind).toBe("NodeList");
    expect(list.items.length).toBe(4);
    const accept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
    const table = call("GET", "/api/v1/nodes?labelSelector=node-role.kubernetes.io/control-plane", { accept }).body;
    expect(table.kind).toBe("Table");
    expect(table.columnDefinitions.map((c: { name: string; priority: number }) => `${c.name}:${c.priority}`)).toEqual([
      "Name:0",
      "Status:0",
      "Roles:0",
      "Age:0",
      "Version:0",
      "Internal-IP:1",
    ]);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0].cells.slice(0, 3)).toEqual(["control-plane", "Ready", "control-plane"]);
    expect(table.rows[0].object.kind).toBe("PartialObjectMetadata");
    const full = call("GET", "/api/v1/nodes?includeObject=Object&fieldSelector=metadata.name%3Dworker-2", { accept }).body;
    expect(full.rows.map((r: { object: { kind: string; metadata: { name: string } } }) => [r.object.kind, r.object.metadata.name])).toEqual(
      [["Node", "worker-2"]],
    );
  });

  it("creates, reads, replaces and deletes, answering errors as Status objects", () => {
    const { call } = setup();
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg" }, data: { a: "1" } };
    expect(call("POST", "/api/v1/namespaces/default/configmaps", { body: JSON.stringify(cm) }).status).toBe(201);
    expect(call("POST", "/api/v1/namespaces/default/configmaps", { body: JSON.stringify(cm) }).body).toMatchObject({
      kind: "Status",
      reason: "AlreadyExists",
      code: 409,
      message: 'configmaps "cfg" already exists',
    });
    const got = call("GET", "/api/v1/namespaces/default/configmaps/cfg").body;
    const stale = { ...got, data: { a: "2" } };
    expect(call("PUT", "/api/v1/namespaces/default/configmaps/cfg", { body: JSON.stringify(stale) }).status).toBe(200);
    expect(call("PUT", "/api/v1/namespaces/default/configmaps/cfg", { body: JSON.stringify(stale) }).body.reason).toBe("Conflict");
    expect(call("DELETE", "/api/v1/namespaces/default/configmaps/cfg").status).toBe(200);
    expect(call("GET", "/api/v1/namespaces/default/configmaps/cfg").body).toMatchObject({
      code: 404,
      message: 'configmaps "cfg" not found',
    });
    // What the lab does not speak or allow is refused with the status a real server gives.
    expect(
      call("POST", "/api/v1/namespaces/default/configmaps", { body: "k8s\0proto", contentType: "application/vnd.kubernetes.protobuf" })
        .status,
    ).toBe(415);
    expect(call("POST", "/api/v1/namespaces/default/configmaps", { body: "{oops" }).status).toBe(400);
    expect(call("PUT", "/api/v1/namespaces/default/configmaps").status).toBe(405);
  });

  it("patches with merge, strategic merge and JSON patches, and scales through the scale subresource", () => {
    const { lab, call } = setup();
    lab.run("kubectl create deployment web --image=nginx");
    lab.run("sleep 10");
    const patch = (contentType: string, body: unknown) =>
      call("PATCH", "/apis/apps/v1/namespaces/default/deployments/web", { contentType, body: JSON.stringify(body) });
    expect(patch("application/merge-patch+json", { metadata: { labels: { tier: "web" } } }).body.metadata.labels).toEqual({
      app: "web",
      tier: "web",
    });
    const image = patch("application/strategic-merge-patch+json", {
      spec: { template: { spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] } } },
    });
    expect(image.body.spec.template.spec.containers).toEqual([expect.objectContaining({ name: "nginx", image: "nginx:1.27" })]);
    expect(patch("application/json-patch+json", [{ op: "replace", path: "/spec/replicas", value: 2 }]).body.spec.replicas).toBe(2);
    expect(patch("application/apply-patch+yaml", {}).status).toBe(415);
    const scale = call("GET", "/apis/apps/v1/namespaces/default/deployments/web/scale").body;
    expect(scale).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 2 }, status: { selector: "app=web" } });
    const scaled = call("PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale", {
      contentType: "application/merge-patch+json",
      body: JSON.stringify({ spec: { replicas: 3 } }),
    });
    expect(scaled.body.spec.replicas).toBe(3);
    lab.run("sleep 10");
    expect(lab.run("kubectl get deploy web").stdout).toMatch(/^web +3\/3 /m);
  });

  it("serves a running pod's log as text, and refuses a waiting one's", () => {
    const { lab, call } = setup();
    lab.run("kubectl run web --image=nginx");
    expect(call("GET", "/api/v1/namespaces/default/pods/web/log")).toMatchObject({ status: 400, body: { reason: "BadRequest" } });
    lab.run("sleep 10");
    const log = call("GET", "/api/v1/namespaces/default/pods/web/log?tailLines=1");
    expect(log.status).toBe(200);
    expect(log.text).toMatch(/^\S+ \S+ \[notice\] 1#1: start worker processes\n$/);
  });

  it("streams a watch as JSON lines from a resourceVersion, a Table per event when asked", () => {
    const { lab, rest, call } = setup();
    const rv = call("GET", "/api/v1/namespaces/default/pods").body.metadata.resourceVersion as string;
    const lines: string[] = [];
    const watch = rest.watch(
      {
        method: "GET",
        path: "/api/v1/namespaces/default/pods",
        query: new Map([["resourceVersion", rv]]),
        accept: "application/json;as=Table;v=v1;g=meta.k8s.io",
      },
      (chunk) => lines.push(chunk),
    );
    lab.run("kubectl run web --image=nginx");
    lab.run("sleep 10");
    if ("stop" in watch) watch.stop();
    const events = lines.map(
      (l) => JSON.parse(l) as { type: string; object: { kind: string; columnDefinitions: unknown[]; rows: Array<{ cells: string[] }> } },
    );
    expect(events[0]!.type).toBe("ADDED");
    expect(events[0]!.object.kind).toBe("Table");
    expect(events[0]!.object.columnDefinitions.length).toBeGreaterThan(0);
    expect(events.at(-1)!.object.columnDefinitions).toEqual([]);
    expect(events.at(-1)!.object.rows[0]!.cells.slice(0, 3)).toEqual(["web", "1/1", "Running"]);
  });

  it("starts a watch without a resourceVersion (or with 0) at the current state, sent as synthetic ADDED events first", () => {
    const { lab, rest } = setup();
    lab.run("kubectl run web --image=nginx");
    lab.run("sleep 10");
    for (const rv of [undefined, "0"]) {
      const events: Array<{ type: string; object: Body }> = [];
      const watch = rest.watch(
        {
          method: "GET",
          path: "/api/v1/namespaces/default/pods",
          query: new Map([["fieldSelector", "metadata.name=web"], ...(rv ? [["resourceVersion", rv] as [string, string]] : [])]),
        },
        (chunk) => events.push(JSON.parse(chunk) as { type: string; object: Body }),
      );
      lab.run("kubectl label pod web tier=front --overwrite");
      if ("stop" in watch) watch.stop();
      // The current pod first, then the label change, and nothing from before the watch opened.
      expect(events.map((e) => [e.type, e.object.metadata.labels?.tier])).toEqual([
        ["ADDED", undefined],
        ["MODIFIED", "front"],
      ]);
      lab.run("kubectl label pod web tier-");
    }
  });
});

describe("patch semantics", () => {
  it("merges as RFC 7386: objects key by key, null deletes, lists replace", () => {
    expect(mergePatch({ a: { b: 1, c: 2 }, l: [1, 2] }, { a: { b: null, d: 3 }, l: [3] })).toEqual({ a: { c: 2, d: 3 }, l: [3] });
  });

  it("merges named lists by name in a strategic merge patch, and deletes with $patch", () => {
    const target = {
      containers: [
        { name: "a", image: "x" },
        { name: "b", image: "y" },
      ],
    };
    expect(
      strategicMergePatch(target, {
        containers: [
          { name: "b", image: "z" },
          { name: "c", image: "w" },
        ],
      }),
    ).toEqual({
      containers: [
        { name: "a", image: "x" },
        { name: "b", image: "z" },
        { name: "c", image: "w" },
      ],
    });
    expect(
      strategicMergePatch(target, { containers: [{ name: "a", $patch: "delete" }], "$setElementOrder/containers": [{ name: "b" }] }),
    ).toEqual({
      containers: [{ name: "b", image: "y" }],
    });
  });

  it("applies RFC 6902 operations and fails a failing test op", () => {
    const doc = { a: { b: [1, 2] }, "x/y": 1 };
    expect(
      jsonPatch(doc, [
        { op: "add", path: "/a/b/-", value: 3 },
        { op: "remove", path: "/x~1y" },
        { op: "copy", from: "/a/b/0", path: "/c" },
        { op: "move", from: "/c", path: "/d" },
      ]),
    ).toEqual({ a: { b: [1, 2, 3] }, d: 1 });
    expect(() => jsonPatch(doc, [{ op: "test", path: "/a/b/0", value: 9 }])).toThrow(KubeError);
    expect(() => jsonPatch(doc, [{ op: "remove", path: "/nope/x" }])).toThrow(/missing/);
  });
});
