// npm run swarm -- [--seeds N] [--from S] [--seed S] [--json]
// Runs swarm seeds locally: any number, or one seed to replay a failure. With --json and
// one seed, prints the run (seed, topology, every event) for a bug report or the lab.
import { failureOf, runSeed } from "../lib/engine/check/swarm";

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const single = option("--seed");
const from = single ?? option("--from") ?? 1;
const count = single !== undefined ? 1 : (option("--seeds") ?? 1000);

const started = performance.now();
let failed = 0;
let committed = 0;
for (let seed = from; seed < from + count; seed++) {
  const result = runSeed(seed);
  committed += result.committed;
  const failure = failureOf(result);
  if (failure) {
    failed++;
    console.log(`${failure}\n`);
  }
  if (single !== undefined) {
    console.log(`seed ${seed}: ${result.description}`);
    console.log(
      `  ${result.operations} client operations, ${result.committed} entries committed, ${result.leaderChanges} leader changes seen`,
    );
    if (args.includes("--json")) console.log(JSON.stringify(result.run, null, 2));
  } else if ((seed - from + 1) % 100 === 0) {
    console.log(`… ${seed - from + 1} seeds, ${failed} failed`);
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(`${count - failed} passed, ${failed} failed (${committed} entries committed, ${seconds.toFixed(1)} s)`);
process.exit(failed > 0 ? 1 : 0);
