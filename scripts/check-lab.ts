// For lab authors: solves one lab with its own solutions and shows, step by step, whether the
// check failed before and passed after, with what the solution printed.
// Usage: npx tsx scripts/check-lab.ts <slug>   (reads content/labs/<slug>/lab.ts)
import path from "node:path";
import { pathToFileURL } from "node:url";
import { solveLab } from "../lib/labs/solve";
import type { LabDefinition } from "../lib/labs/types";

const slug = process.argv[2];
if (!slug || !/^[a-z0-9-]+$/.test(slug)) {
  console.error("usage: npx tsx scripts/check-lab.ts <slug>");
  process.exit(2);
}
async function main(): Promise<void> {
  const file = path.join(process.cwd(), "content", "labs", slug!, "lab.ts");
  const mod = (await import(pathToFileURL(file).href)) as { lab: LabDefinition };
  let ok = true;
  for (const step of solveLab(mod.lab)) {
    const good = !step.passedBefore && step.passedAfter;
    ok &&= good;
    console.log(
      `${good ? "ok  " : "FAIL"} ${step.id}: before ${step.passedBefore ? "passes (should fail)" : "fails"}, after ${step.passedAfter ? "passes" : "fails (should pass)"}`,
    );
    if (!good || process.env.VERBOSE) console.log(step.transcript.replace(/^/gm, "     | "));
  }
  process.exit(ok ? 0 : 1);
}

void main();
