// `cluster`: the lab's own command for what an operator does outside etcd — stop or kill
// a member's process, start it again, lose its disk, cut the network, slow a disk or a
// link — and a status view of every member from the simulator's point of view.

import type { EtcdCluster, RestoredDataDir, ServerConfig } from "../etcd/cluster";
import type { DiskProfileName } from "../sim/disk";
import { parseDuration } from "./builtins";
import { Exit, type Command, type CommandContext } from "./program";

const HELP = `Usage: cluster <command> [arguments]

Controls the simulated etcd cluster, as an operator outside etcd would.

Members:
  status                      every member: process, Raft role, term, log indexes, disk
  stop <member>               stop the process gracefully (systemctl stop etcd)
  kill <member>               kill the process at once (kill -9): an unfinished fsync is lost
  start <member>              start a stopped or killed member again (also: restart)
  start <member> --data-dir D start it from a directory made by 'etcdctl snapshot restore'
  wipe <member>               kill the member and delete its data directory
  join <name> <peer-url>      start a new etcd process for a member added with 'etcdctl member add'

Kubernetes nodes (labs with Kubernetes):
  stop-node <node>            power a node off: its kubelet stops, its containers are gone
  start-node <node>           power it on again

Network:
  partition <a,b> <c>         split the members into groups that cannot reach each other
  isolate <member>            cut one member off from all the others
  heal                        remove every partition and cut link

Slowness:
  slow-disk <member> [slow|ssd]     give a member a slow disk (fsync ~50 ms) or a fast one again
  stall-disk <member> <duration>    block a member's fsyncs for a while (e.g. 3s)
  slow-link <a> <b> <latency>       add one-way latency from a to b (e.g. 150ms); 0 removes it

Members are named as in \`etcdctl member list\` (default; or infra1, infra2, ...), or by id.
`;

/** 150ms, 0.2s or a bare number of milliseconds. */
function parseLatency(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === "s" ? 1000 : 1);
}

function fail(ctx: CommandContext, message: string, code = 1): never {
  ctx.io.err(`cluster: ${message}\n`);
  throw new Exit(code);
}

function member(ctx: CommandContext, cluster: EtcdCluster, name: string | undefined): ServerConfig {
  if (!name) fail(ctx, "which member? (see 'cluster status')", 2);
  const s = cluster.configByName(name);
  if (!s)
    fail(
      ctx,
      `no member named ${JSON.stringify(name)}; members: ${cluster
        .serverConfigs()
        .map((c) => c.name)
        .join(", ")}`,
      2,
    );
  return s;
}

function statusTable(cluster: EtcdCluster): string {
  const rows = [["NAME", "ID", "PROCESS", "ROLE", "TERM", "LEADER", "COMMIT", "APPLIED", "DISK"]];
  for (const s of cluster.serverConfigs()) {
    const m = cluster.world.members.get(s.id);
    const r = m?.node?.raft;
    const up = cluster.isUp(s.id);
    const leader = r?.lead ? (cluster.serverConfigs().find((c) => c.id === r.lead)?.name ?? r.lead) : "-";
    rows.push([
      s.name,
      s.id,
      up ? "running" : m ? "stopped" : "not started",
      r ? (r.isLearner ? "learner" : r.state) : "-",
      r ? String(r.term) : "-",
      up ? leader : "-",
      r ? String(r.raftLog.committed) : "-",
      r ? String(r.raftLog.applied) : "-",
      m ? `${m.disk.state.profile}${m.disk.state.stalledUntilMs > cluster.nowMs ? " (stalled)" : ""}` : "-",
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  let out =
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n";
  const blocked = cluster.world.network.state.blocked;
  if (blocked.length > 0) {
    const name = (id: string) => cluster.serverConfigs().find((c) => c.id === id)?.name ?? id;
    out += `\nCut links: ${blocked.map((k) => k.split("->").map(name).join(" -> ")).join(", ")}\n`;
  }
  return out;
}

export const clusterCommand: Command = function* (ctx) {
  const cluster = ctx.shell.cluster;
  const [sub, ...args] = ctx.argv.slice(1);
  const schedule = (event: Parameters<EtcdCluster["world"]["schedule"]>[0]) => {
    cluster.world.schedule(event);
    // Let the event take effect before the next command runs.
    cluster.world.runUntil(cluster.nowMs);
  };
  const at = cluster.nowMs;
  // A managed service runs etcd for the learner: only its Kubernetes nodes are theirs to break.
  if (ctx.shell.managed && sub !== undefined && !["help", "--help", "-h", "stop-node", "start-node"].includes(sub)) {
    fail(
      ctx,
      "this is a managed Kubernetes service: its etcd and control plane are run by the provider, out of your reach (you can still stop-node and start-node your worker nodes)",
    );
  }
  switch (sub) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      ctx.io.out(HELP);
      return sub === undefined ? 2 : 0;
    case "status":
      ctx.io.out(statusTable(cluster));
      return 0;
    case "stop":
    case "kill": {
      const s = member(ctx, cluster, args[0]);
      if (!cluster.isUp(s.id)) fail(ctx, `${s.name} is not running`);
      schedule({ atMs: at, kind: sub === "kill" ? "crash" : "stop", member: s.id });
      ctx.io.out(`${s.name} ${sub === "kill" ? "killed" : "stopped"}\n`);
      return 0;
    }
    case "start":
    case "restart": {
      const s = member(ctx, cluster, args[0]);
      const dirFlag = args.findIndex((a) => a === "--data-dir" || a.startsWith("--data-dir="));
      if (dirFlag >= 0) {
        const dir = args[dirFlag]!.includes("=") ? args[dirFlag]!.split("=")[1]! : args[dirFlag + 1];
        if (!dir) fail(ctx, "--data-dir needs a directory made by 'etcdctl snapshot restore'", 2);
        let restored: RestoredDataDir;
        try {
          restored = JSON.parse(ctx.shell.vfs.read(`${dir}/member/snap/db`)) as RestoredDataDir;
        } catch {
          return fail(ctx, `${dir} is not a data directory made by 'etcdctl snapshot restore'`);
        }
        if (cluster.isUp(s.id)) fail(ctx, `${s.name} is running: stop it first ('cluster stop ${s.name}')`);
        const problem = cluster.startFromRestore(s.id, restored);
        if (problem) fail(ctx, problem);
        ctx.io.out(`${s.name} started from ${dir}\n`);
        return 0;
      }
      if (!cluster.world.members.has(s.id)) {
        cluster.startMember(s.id, s.name, s.clientURL, s.peerURL);
        ctx.io.out(`${s.name} started, joining the cluster\n`);
        return 0;
      }
      if (cluster.isUp(s.id) && sub === "start") fail(ctx, `${s.name} is already running`);
      if (cluster.isUp(s.id)) schedule({ atMs: at, kind: "crash", member: s.id });
      schedule({ atMs: at, kind: "restart", member: s.id });
      ctx.io.out(`${s.name} started\n`);
      return 0;
    }
    case "join": {
      const [name, peerURL] = args;
      if (!name || !peerURL) fail(ctx, "join needs the new member's name and peer URL, as 'etcdctl member add' printed them", 2);
      const problem = cluster.join(name, peerURL);
      if (problem) fail(ctx, problem);
      ctx.io.out(`${name} started with --initial-cluster-state=existing, joining the cluster\n`);
      return 0;
    }
    case "stop-node":
    case "start-node": {
      const kube = ctx.shell.kube;
      if (!kube) fail(ctx, "this lab has no Kubernetes nodes");
      const kubelet = args[0] ? kube.kubelet(args[0]) : undefined;
      if (!kubelet) fail(ctx, `no node named ${JSON.stringify(args[0] ?? "")}; nodes: ${kube.nodeNames.join(", ")}`, 2);
      if (sub === "stop-node") {
        if (!kubelet.running) fail(ctx, `${kubelet.nodeName} is already down`);
        kubelet.stop();
        ctx.io.out(`${kubelet.nodeName} powered off\n`);
      } else {
        if (kubelet.running) fail(ctx, `${kubelet.nodeName} is already up`);
        kubelet.start();
        ctx.io.out(`${kubelet.nodeName} powered on\n`);
      }
      return 0;
    }
    case "wipe": {
      const s = member(ctx, cluster, args[0]);
      schedule({ atMs: at, kind: "wipe", member: s.id });
      ctx.io.out(`${s.name} killed and its data directory deleted; 'cluster start ${s.name}' boots it empty\n`);
      return 0;
    }
    case "partition": {
      if (args.length < 2) fail(ctx, "partition needs at least two groups, e.g. 'cluster partition infra1 infra2,infra3'", 2);
      const groups = args.map((g) =>
        g
          .split(",")
          .filter((n) => n !== "")
          .map((n) => member(ctx, cluster, n).id),
      );
      schedule({ atMs: at, kind: "partition", groups });
      ctx.io.out(`network partitioned: ${args.map((g) => `{${g}}`).join(" | ")}\n`);
      return 0;
    }
    case "isolate": {
      const s = member(ctx, cluster, args[0]);
      schedule({ atMs: at, kind: "isolate", member: s.id });
      ctx.io.out(`${s.name} isolated from the other members\n`);
      return 0;
    }
    case "heal":
      schedule({ atMs: at, kind: "heal" });
      ctx.io.out("network healed\n");
      return 0;
    case "slow-disk": {
      const s = member(ctx, cluster, args[0]);
      const profile = (args[1] ?? "slow") as DiskProfileName;
      if (profile !== "slow" && profile !== "ssd") fail(ctx, `unknown disk ${JSON.stringify(args[1])}: use slow or ssd`, 2);
      schedule({ atMs: at, kind: "disk", member: s.id, profile });
      ctx.io.out(`${s.name} now has a ${profile === "slow" ? "slow" : "fast (ssd)"} disk\n`);
      return 0;
    }
    case "stall-disk": {
      const s = member(ctx, cluster, args[0]);
      const ms = args[1] === undefined ? undefined : parseDuration(args[1]);
      if (ms === undefined) fail(ctx, "stall-disk needs a duration, e.g. 'cluster stall-disk infra1 3s'", 2);
      schedule({ atMs: at, kind: "stallDisk", member: s.id, forMs: ms });
      ctx.io.out(`${s.name}'s fsyncs blocked for ${args[1]}\n`);
      return 0;
    }
    case "slow-link": {
      const a = member(ctx, cluster, args[0]);
      const b = member(ctx, cluster, args[1]);
      const ms = args[2] === undefined ? undefined : parseLatency(args[2]);
      if (ms === undefined) fail(ctx, "slow-link needs a latency, e.g. 'cluster slow-link infra1 infra2 150ms'", 2);
      schedule({ atMs: at, kind: "link", from: a.id, to: b.id, spec: { latency: { baseMs: Math.max(0.3, ms), jitterMs: ms / 10 } } });
      ctx.io.out(`${a.name} -> ${b.name}: ${args[2]} latency\n`);
      return 0;
    }
    default:
      return fail(ctx, `unknown command ${JSON.stringify(sub)}; see 'cluster help'`, 2);
  }
};
