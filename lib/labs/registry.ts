// Every guided lab, in the order the lesson meets them.
import { lab as etcdctlBasics } from "@/content/labs/etcdctl-basics/lab";
import { lab as kubernetesInEtcd } from "@/content/labs/kubernetes-in-etcd/lab";
import { lab as leaderElection } from "@/content/labs/leader-election/lab";
import { lab as sandbox } from "@/content/labs/sandbox/lab";
import { lab as bigCluster } from "@/content/labs/big-cluster/lab";
import { lab as backupRestore } from "@/content/labs/backup-restore/lab";
import { lab as limitsMaintenance } from "@/content/labs/limits-maintenance/lab";
import { lab as membership } from "@/content/labs/membership/lab";
import { lab as partition } from "@/content/labs/partition/lab";
import { lab as monitoring } from "@/content/labs/monitoring/lab";
import { lab as sizing } from "@/content/labs/sizing/lab";
import { lab as watchAndEvents } from "@/content/labs/watch-and-events/lab";
import { lab as optimisticConcurrency } from "@/content/labs/optimistic-concurrency/lab";
import { lab as quorumLoss } from "@/content/labs/quorum-loss/lab";
import type { LabDefinition } from "./types";

export const LABS: readonly LabDefinition[] = [
  etcdctlBasics,
  kubernetesInEtcd,
  watchAndEvents,
  optimisticConcurrency,
  leaderElection,
  quorumLoss,
  partition,
  sizing,
  monitoring,
  backupRestore,
  limitsMaintenance,
  membership,
  sandbox,
  bigCluster,
];

export function findLab(slug: string): LabDefinition | undefined {
  return LABS.find((l) => l.slug === slug);
}
