// The free lab: the demo cluster with nothing to check, where the lesson's "Try it" buttons
// land when no guided lab is about their commands.
import type { LabDefinition } from "@/lib/labs/types";

export const lab: LabDefinition = {
  slug: "sandbox",
  topology: { members: 3, world: "demo" },
  seed: 1,
  steps: [],
};
