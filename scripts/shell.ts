// npm run -s shell -- [--members 1|3|5] [--seed N] [--quota-backend-bytes N] [--json]
// The lab terminal without a browser: reads command lines on stdin, runs each on a freshly
// booted simulated cluster, and prints what the terminal would show. With --json, prints one
// {"cmd","stdout","stderr","exitCode"} object per command, and an input line may be a JSON
// object {"cmd": "...", "stdin": "..."} that gives the command its standard input.
import { createInterface } from "node:readline";
import { Lab } from "../lib/engine/shell/lab";

const USAGE = "usage: npm run -s shell -- [--members 1|3|5] [--world etcd|demo|managed] [--seed N] [--quota-backend-bytes N] [--json]";

function parseArgs(argv: string[]) {
  const options = {
    members: 1,
    seed: 1,
    quotaBackendBytes: undefined as number | undefined,
    json: false,
    world: "etcd" as "etcd" | "demo" | "managed",
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isSafeInteger(v) || v < 0) throw new Error(`${a} needs a whole number\n${USAGE}`);
      return v;
    };
    if (a === "--members") options.members = value();
    else if (a === "--seed") options.seed = value();
    else if (a === "--quota-backend-bytes") options.quotaBackendBytes = value();
    else if (a === "--json") options.json = true;
    else if (a === "--world") {
      const w = argv[++i];
      if (w !== "etcd" && w !== "demo" && w !== "managed") throw new Error(`--world must be etcd, demo or managed\n${USAGE}`);
      options.world = w;
      // The demo world is a 3-member etcd under a Kubernetes control plane.
      if (w !== "etcd") options.members = 3;
    } else if (a === "--help" || a === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${a}\n${USAGE}`);
  }
  if (![1, 3, 5].includes(options.members)) throw new Error(`--members must be 1, 3 or 5\n${USAGE}`);
  return options;
}

let options: ReturnType<typeof parseArgs>;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

const lab = new Lab({
  members: options.members,
  seed: options.seed,
  quotaBackendBytes: options.quotaBackendBytes,
  world: options.world,
}).boot();
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
// Lines are handled one at a time, in order: the engine is synchronous.
rl.on("line", (raw) => {
  let cmd = raw;
  let stdin = "";
  if (options.json && raw.trimStart().startsWith("{")) {
    try {
      const parsed = JSON.parse(raw) as { cmd?: unknown; stdin?: unknown };
      if (typeof parsed.cmd !== "string" || (parsed.stdin !== undefined && typeof parsed.stdin !== "string")) throw new Error("shape");
      cmd = parsed.cmd;
      stdin = parsed.stdin ?? "";
    } catch {
      console.log(
        JSON.stringify({
          cmd: raw,
          stdout: "",
          stderr: 'shell: a JSON input line must be {"cmd": string, "stdin"?: string}\n',
          exitCode: 2,
        }),
      );
      return;
    }
  }
  const result = lab.run(cmd, stdin);
  if (options.json) console.log(JSON.stringify({ cmd, ...result }));
  else {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
  }
});
