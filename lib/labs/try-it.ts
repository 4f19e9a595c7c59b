// "Try it" on the lesson's command blocks: which lab a block's commands belong to, and which of
// its lines a lab can run (commands, not comments, and no placeholders such as <pod-name>).

export interface TryIt {
  lab: string;
  lines: string[];
}

/** The first rule whose pattern a block's commands match names its lab; the sandbox takes the rest. */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/kubectl run test-etcd|resourceVersion|etcdctl get \/registry/, "kubernetes-in-etcd"],
  [/kubectl scale deployment argocd-server|kubectl get (pods|events)\b.*(-w|--watch)\b/, "watch-and-events"],
  [/etcdctl (endpoint status|move-leader)|cluster (kill|stop)\b/, "leader-election"],
  [/etcdctl snapshot/, "backup-restore"],
  [/etcdctl (defrag|compact|alarm)/, "limits-maintenance"],
  [/etcdctl member/, "membership"],
  [/etcdctl (put|get|del|watch)\b/, "etcdctl-basics"],
];

/** Commands a lab machine has; other lines (prose in a code block) are not offered. */
const RUNNABLE = /^(kubectl|etcdctl|cluster|curl)\b/;

export function tryIt(code: string, labs: readonly string[]): TryIt | undefined {
  const lines = code
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => RUNNABLE.test(l) && !/<[^>\s]+>/.test(l));
  if (lines.length === 0) return undefined;
  const text = lines.join("\n");
  const lab = RULES.find(([pattern, slug]) => pattern.test(text) && labs.includes(slug))?.[1] ?? "sandbox";
  return { lab, lines };
}

/** The lab page's address that types the lines on arrival. */
export function tryItHref(locale: string, t: TryIt): string {
  return `/${locale}/labs/${t.lab}?type=${encodeURIComponent(t.lines.join("\n"))}`;
}
