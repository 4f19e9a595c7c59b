// Tab completion in the lab's terminal: commands, subcommands and flags from the tools' own help
// texts, and names from the cluster's state.
import { describe, expect, it } from "vitest";
import { completions } from "@/lib/engine/shell/complete";
import { Lab } from "@/lib/engine/shell/lab";

describe("tab completion", () => {
  const lab = new Lab({ members: 3, world: "kube" }).boot();
  lab.run("etcdctl put /app/config/a 1 && etcdctl put /app/config/b 2 && etcdctl put /app/state 3");
  lab.run("kubectl run web --image=nginx && kubectl create namespace team-a");
  const complete = (line: string) => completions(lab.shell, line);

  it("completes command names and pipelines' commands", () => {
    expect(complete("etc")).toEqual(["etcdctl"]);
    expect(complete("kubectl get pods | gr")).toEqual(["grep"]);
  });

  it("completes etcdctl's subcommands and flags from its help", () => {
    expect(complete("etcdctl mem")).toEqual(["member"]);
    expect(complete("etcdctl member ")).toEqual(["add", "list", "promote", "remove", "update"]);
    expect(complete("etcdctl get --pre")).toEqual(["--prefix"]);
    expect(complete("etcdctl member add x --le")).toEqual(["--learner"]);
    expect(complete("etcdctl --write-o")).toEqual(["--write-out"]);
  });

  it("completes etcd keys a path segment at a time", () => {
    expect(complete("etcdctl get /ap")).toEqual(["/app/"]);
    expect(complete("etcdctl get /app/")).toEqual(["/app/config/", "/app/state"]);
    expect(complete("etcdctl get /app/config/")).toEqual(["/app/config/a", "/app/config/b"]);
  });

  it("completes kubectl's commands, resource types, object names and namespaces", () => {
    expect(complete("kubectl ge")).toEqual(["get"]);
    expect(complete("kubectl get deploy")).toEqual(["deploy", "deployments"]);
    expect(complete("kubectl get pods w")).toEqual(["web"]);
    expect(complete("kubectl -n kube-system get serviceaccounts def")).toEqual(["default"]);
    expect(complete("kubectl get pods -n team")).toEqual(["team-a"]);
    expect(complete("kubectl rollout ")).toEqual(["history", "restart", "status", "undo"]);
    expect(complete("kubectl get --show-l")).toEqual(["--show-labels"]);
  });

  it("completes cluster's subcommands and member names, and files elsewhere", () => {
    expect(complete("cluster ki")).toEqual(["kill"]);
    expect(complete("cluster kill infra")).toEqual(["infra1", "infra2", "infra3"]);
    lab.run("mkdir -p /root/manifests && echo x > /root/manifests/web.yaml");
    expect(complete("cat manif")).toEqual(["manifests"]);
    expect(complete("kubectl apply -f manifests/")).toEqual(["manifests/web.yaml"]);
  });
});
