// A lab machine: an etcd cluster on the simulator and a shell with the commands a
// learner types into it. The headless runner, the tests and the browser worker all start here.

import { EtcdCluster, type EtcdClusterOptions } from "../etcd/cluster";
import { KubeCluster } from "../kube/cluster";
import { BASIC_COMMANDS } from "./builtins";
import { clusterCommand } from "./control";
import { etcdctl } from "./etcdctl";
import { curl } from "./curl";
import { helpCommand } from "./help";
import { kubectlFor } from "./kubectl";
import type { Command } from "./program";
import { Shell, type Execution } from "./shell";

export const LAB_COMMANDS: ReadonlyMap<string, Command> = new Map<string, Command>([
  ...BASIC_COMMANDS,
  ["etcdctl", etcdctl],
  ["cluster", clusterCommand],
  ["curl", curl],
  ["help", helpCommand],
]);

export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface LabOptions extends EtcdClusterOptions {
  /**
   * "etcd": an etcd cluster alone; "kube": Kubernetes on it too (kubectl works); "demo":
   * with the demo workloads; "managed": the demo as a managed Kubernetes service shows it,
   * its etcd and control plane run by the provider, out of the learner's reach.
   */
  world?: "etcd" | "kube" | "demo" | "managed";
  /** Kubernetes worker node names, or how many (worker-1..N); three by default. */
  workers?: number;
}

export class Lab {
  readonly cluster: EtcdCluster;
  readonly shell: Shell;
  readonly kube: KubeCluster | undefined;

  constructor(options: LabOptions = {}) {
    this.cluster = new EtcdCluster(options);
    const managed = options.world === "managed";
    this.kube =
      options.world === "kube" || options.world === "demo" || managed
        ? new KubeCluster(this.cluster, {
            demo: options.world === "demo" || managed,
            managed,
            ...(options.workers ? { workers: Array.from({ length: options.workers }, (_, i) => `worker-${i + 1}`) } : {}),
          })
        : undefined;
    const commands = new Map(LAB_COMMANDS);
    // On a managed service the learner's machine has no etcd to talk to: no etcdctl, no control of it.
    if (managed) commands.delete("etcdctl");
    commands.set(
      "kubectl",
      kubectlFor(() => this.kube),
    );
    this.shell = new Shell({ cluster: this.cluster, commands, kube: () => this.kube, managed });
  }

  /** Another terminal on the same machine: its own variables, directory and history; the same files. */
  openShell(): Shell {
    return new Shell({
      cluster: this.cluster,
      commands: this.shell.commands,
      kube: () => this.kube,
      managed: this.shell.managed,
      vfs: this.shell.vfs,
    });
  }

  /** Lets the cluster elect a leader and finish starting, as a lab does before the learner types. */
  boot(): this {
    this.cluster.settle();
    this.cluster.runFor(1000);
    if (this.kube) {
      const p = this.kube.bootstrap();
      this.cluster.runUntilSettled(p);
      p.unwrap();
      // The controllers' informers list and create each namespace's defaults; the demo's pods pull their images.
      this.cluster.runFor(this.kube.options.demo ? 10_000 : 3000);
    }
    return this;
  }

  /**
   * Runs one command line to completion in virtual time. A command still running after
   * `maxMs` of virtual time (an `etcdctl watch` without `timeout`) is interrupted, as Ctrl-C would.
   */
  run(line: string, stdin = "", maxMs = 10 * 60 * 1000): CommandResult {
    let stdout = "";
    let stderr = "";
    const exec = this.shell.execute(
      line,
      (t) => (stdout += t),
      (t) => (stderr += t),
      stdin,
    );
    this.drive(exec, this.cluster.nowMs + maxMs);
    return { stdout, stderr, exitCode: exec.exitCode };
  }

  /** Steps the world until the execution finishes or the deadline passes (then interrupts it). */
  drive(exec: Execution, deadlineMs: number): void {
    for (;;) {
      exec.resume();
      if (exec.finished) break;
      const w = exec.waitingOn!;
      this.cluster.runUntilSettled(w, deadlineMs);
      if (!w.settled) {
        exec.interrupt();
        this.shell.lastStatus = exec.exitCode;
        break;
      }
    }
  }
}
