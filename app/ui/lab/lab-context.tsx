"use client";

import { createContext, useContext } from "react";
import type { SolutionLine } from "@/lib/labs/types";
import type { StepState } from "@/lib/worker/protocol";
import type { Dictionary } from "@/lib/i18n/dictionaries";

export interface LabContextValue {
  steps: StepState[];
  solutions: Record<string, SolutionLine[]>;
  t: Dictionary["lab"];
  /** Types the step's solution into its terminals. */
  typeSolution(stepId: string): void;
  /** A hint (or the solution) was opened: the instructor's lab funnel counts them. */
  usedHint(stepId: string): void;
}

export const LabContext = createContext<LabContextValue | null>(null);

export function useLab(): LabContextValue {
  const value = useContext(LabContext);
  if (!value) throw new Error("useLab outside a lab page");
  return value;
}
