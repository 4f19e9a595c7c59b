// Every guided lab, solved through the headless engine: each step's check fails on the state
// the previous steps leave, and passes once its solution has run. A lab whose solution no longer
// works, or whose check passes without the learner doing anything, fails here.
import { describe, expect, it } from "vitest";
import { LABS } from "@/lib/labs/registry";
import { solveLab } from "@/lib/labs/solve";

describe("guided labs: the solutions solve them", () => {
  for (const def of LABS) {
    it(`${def.slug}: every step fails before its solution and passes after it`, () => {
      for (const step of solveLab(def)) {
        expect(step.passedBefore, `${step.id} passes before its solution`).toBe(false);
        expect(step.passedAfter, `${step.id} fails after its solution:\n${step.transcript}`).toBe(true);
      }
    });
  }

  it("has unique slugs and step ids", () => {
    expect(new Set(LABS.map((l) => l.slug)).size).toBe(LABS.length);
    for (const def of LABS) expect(new Set(def.steps.map((s) => s.id)).size).toBe(def.steps.length);
  });
});
