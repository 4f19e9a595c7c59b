// A free lab with room to scale: ten worker nodes (110 pods each), for experiments with
// thousands of objects (how big the Kubernetes data in etcd gets, how long a list takes).
import type { LabDefinition } from "@/lib/labs/types";

export const lab: LabDefinition = {
  slug: "big-cluster",
  topology: { members: 3, world: "demo", workers: 10 },
  seed: 1,
  steps: [],
};
