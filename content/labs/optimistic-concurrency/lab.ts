// Optimistic concurrency: a copy of a deployment saved with its resourceVersion, the object
// changed meanwhile, the stale copy refused with a 409 Conflict (the API server's compare-and-swap
// on the key's mod_revision, done in an etcd transaction), then the change made on the latest version.
import { etcdKv, kubeObject, ran } from "@/lib/labs/checks";
import type { CheckContext, LabDefinition } from "@/lib/labs/types";

const KEY = "/registry/deployments/default/web";
const NEW_IMAGE = "nginx:1.27";

interface Copy {
  path: string;
  /** The resourceVersion the copy was read at, if it has one. */
  rv?: number;
  images: string[];
}

/** Files on the lab machine holding the deployment web as YAML or JSON (kubectl get -o yaml|json). */
function copies(ctx: CheckContext): Copy[] {
  return ctx.session.lab.shell.vfs.save().files.flatMap(([path, text]) => {
    if (!/\bkind"?:\s*"?Deployment\b/.test(text) || !/^\s*"?name"?:\s*"?web"?,?\s*$/m.test(text)) return [];
    const rv = /\bresourceVersion"?:\s*"(\d+)"/.exec(text)?.[1];
    const images = [...text.matchAll(/\bimage"?:\s*"?([^"\s,]+)/g)].map((m) => m[1]!);
    return [{ path, rv: rv === undefined ? undefined : Number(rv), images }];
  });
}

interface DeploymentSpec {
  replicas?: number;
  template?: { spec?: { containers?: Array<{ image?: string }> } };
}

function spec(ctx: CheckContext): DeploymentSpec | undefined {
  return kubeObject(ctx, "deployments", "default", "web")?.spec as DeploymentSpec | undefined;
}

/** The text a command read as its standard input from a file (`< file`), if any. */
function redirectedInput(ctx: CheckContext, line: string): string {
  const file = /<\s*(\S+)/.exec(line)?.[1];
  if (!file) return "";
  try {
    return ctx.session.lab.shell.vfs.read(file);
  } catch {
    return "";
  }
}

export const lab: LabDefinition = {
  slug: "optimistic-concurrency",
  topology: {
    members: 3,
    world: "kube",
    // The deployment exists and its controller has finished writing its status: its resourceVersion stays put.
    setup: ["kubectl create deployment web --image=nginx", "sleep 10"],
  },
  seed: 1,
  steps: [
    {
      id: "save",
      // A copy on disk, and its resourceVersion seen on the screen.
      check: (ctx) =>
        copies(ctx).some(
          (c) => c.rv !== undefined && ran(ctx, /./, { exitCode: "any", output: new RegExp(`resourceVersion"?:\\s*"${c.rv}"`) }).length > 0,
        ),
      solution: ["kubectl get deployment web -o yaml > web.yaml", "grep resourceVersion web.yaml"],
    },
    {
      id: "edit",
      check: (ctx) => copies(ctx).some((c) => c.rv !== undefined && c.images.includes(NEW_IMAGE)),
      solution: [`kubectl set image --local -f web.yaml nginx=${NEW_IMAGE} -o yaml > web-new.yaml`],
    },
    {
      id: "scale",
      // Someone else's write: the object in etcd is newer than the edited copy.
      check: (ctx) => {
        const mod = etcdKv(ctx, KEY)?.modRevision ?? 0;
        return spec(ctx)?.replicas === 3 && copies(ctx).some((c) => c.rv !== undefined && c.images.includes(NEW_IMAGE) && c.rv < mod);
      },
      solution: ["kubectl scale deployment web --replicas=3"],
    },
    {
      id: "conflict",
      // The stale copy was refused, and the scale it would have undone is still there.
      check: (ctx) =>
        spec(ctx)?.replicas === 3 &&
        ran(ctx, /\bkubectl\b.*\breplace\b/, { exitCode: 1, output: /\(Conflict\)[^\n]*the object has been modified/ }).length > 0,
      solution: ["kubectl replace -f web-new.yaml"],
    },
    {
      id: "compare-and-swap",
      // The API server's condition, asked of etcd by hand: mod_revision equal to the copy's, which is stale.
      check: (ctx) => {
        const mod = etcdKv(ctx, KEY)?.modRevision ?? 0;
        return ran(ctx, /\betcdctl\b.*\btxn\b/, { output: /^FAILURE$/m }).some((h) => {
          const text = `${h.line}\n${redirectedInput(ctx, h.line)}`;
          const m = /mod\(\s*\\?"?\/registry\/deployments\/default\/web\\?"?\s*\)\s*=\s*\\?"?(\d+|\$\{?\w+\}?)/.exec(text);
          // A number typed in, or a variable of the first terminal's shell holding one.
          const value = m?.[1]?.startsWith("$") ? ctx.session.lab.shell.lookup(m[1].replace(/[${}]/g, "")) : m?.[1];
          return value !== undefined && /^\d+$/.test(value) && Number(value) < mod;
        });
      },
      solution: ["grep resourceVersion web-new.yaml", `echo -e 'mod("${KEY}") = "53"\\n\\n\\n' | etcdctl txn`],
    },
    {
      id: "retry",
      // Both changes kept: the new image and the three replicas.
      check: (ctx) => {
        const s = spec(ctx);
        return s?.replicas === 3 && s.template?.spec?.containers?.[0]?.image === NEW_IMAGE;
      },
      solution: [
        "kubectl get deployment web -o yaml > web.yaml",
        `kubectl set image --local -f web.yaml nginx=${NEW_IMAGE} -o yaml > web-new.yaml`,
        "kubectl replace -f web-new.yaml",
      ],
    },
  ],
};
