// kubectl's client side against recordings of the real kubectl 1.32 (tests/fidelity/kubectl-recordings,
// made by scripts/fidelity/record-kubectl.mjs with no cluster). The lab always has an API server,
// so commands whose real run needed one (discovery, validation, the connection) are not compared:
// in `noserver` that leaves what kubectl does alone (version --client, config, a missing --kubeconfig).
// Each family's match rate may not fall below its baseline (FIDELITY_REPORT=1 prints mismatches).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Lab } from "@/lib/engine/shell/lab";
import { replayMatches, type KubectlEntry } from "./kubectl-compare";

type Entry = KubectlEntry;

const dir = join(__dirname, "kubectl-recordings");
const baseline = JSON.parse(readFileSync(join(__dirname, "kubectl-baseline.json"), "utf8")) as Record<string, number>;

const needsServer = (e: Entry) =>
  /memcache\.go|connection to the server|failed to download openapi|error when retrieving current configuration|dial tcp/.test(
    e.stderr ?? "",
  );

describe("kubectl's client side against kubectl 1.32", () => {
  for (const family of ["dryrun", "run", "flags", "noserver", "yaml"]) {
    it(`${family}: at least the baseline share of commands match`, () => {
      const rec = JSON.parse(readFileSync(join(dir, `${family}.json`), "utf8")) as { entries: Entry[]; setup?: { kubeconfig?: string } };
      const lab = new Lab({ members: 1, world: "kube" }).boot();
      // The recorder's kubeconfig (a token user, TLS unverified) in place of kubeadm's, for `kubectl config`.
      if (rec.setup?.kubeconfig) lab.run("mkdir -p ~/.kube && cat > ~/.kube/config", rec.setup.kubeconfig);
      let compared = 0;
      let matched = 0;
      for (const e of rec.entries) {
        if (!e.cmd || needsServer(e)) continue;
        // Files written by the session (cat > file) are part of the replay, but not compared.
        if (/^cat > /.test(e.cmd)) {
          lab.run(e.cmd, e.stdin ?? "");
          continue;
        }
        compared++;
        if (replayMatches(lab, family, { ...e, cmd: e.cmd })) matched++;
      }
      console.log(`kubectl fidelity ${family}: ${matched}/${compared}`);
      expect(matched / compared).toBeGreaterThanOrEqual(baseline[family] ?? 1);
    });
  }
});
