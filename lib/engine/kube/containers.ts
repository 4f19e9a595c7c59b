// What the lab's containers do once started: server images run until stopped; shell images
// (busybox, alpine, ubuntu...) run their command and exit, as they do on a real node, so a
// bare `kubectl run bb --image=busybox` ends in CrashLoopBackOff and `-- sleep 30` exits after
// 30 s. The kubelet's restart back-off is kubelet's: 10 s, doubling, at most 5 minutes.

/** Images whose default process is a shell or a one-shot program: they exit unless told to wait. */
const ONE_SHOT_IMAGES = new Set(["busybox", "alpine", "ubuntu", "debian", "centos", "fedora", "bash", "hello-world", "curlimages/curl"]);

/** The repository of an image reference, without registry, library/ prefix, tag or digest. */
export function imageRepository(image: string): string {
  let ref = image.split("@")[0]!;
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  if (colon > slash) ref = ref.slice(0, colon);
  return ref.replace(/^(docker\.io\/|index\.docker\.io\/)/, "").replace(/^library\//, "");
}

export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
}

/** How long a container runs before its process exits, and with what code; undefined: until stopped. */
export function containerRun(c: ContainerSpec): { ms: number; exitCode: number } | undefined {
  if (!ONE_SHOT_IMAGES.has(imageRepository(String(c.image ?? "")))) return undefined;
  const line = [...(c.command ?? []), ...(c.args ?? [])].join(" ");
  if (/\bsleep\s+infinity\b|\btail\s+-f\b|\bwhile\s+true\b/.test(line)) return undefined;
  const exit = /\bexit\s+(\d+)/.exec(line);
  const sleep = /\bsleep\s+(\d+)/.exec(line);
  return { ms: sleep ? Number(sleep[1]) * 1000 + 100 : 300, exitCode: exit ? Number(exit[1]) : 0 };
}

/** What a one-shot container prints: its `echo`s. */
export function oneShotOutput(c: ContainerSpec): string[] {
  const line = [...(c.command ?? []), ...(c.args ?? [])].join(" ");
  return [...line.matchAll(/\becho\s+(?:"([^"]*)"|'([^']*)'|([^;&|]*))/g)].map((m) => (m[1] ?? m[2] ?? m[3] ?? "").trim());
}

/** The kubelet's crash-loop back-off before restart number `restarts` (counting from 1). */
export function restartBackoffMs(restarts: number): number {
  return restarts <= 1 ? 0 : Math.min(10_000 * 2 ** (restarts - 2), 300_000);
}

/** Go's time.Duration String for whole seconds: "10s", "1m20s", "5m0s". */
export function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${s % 60}s`;
  return `${Math.floor(m / 60)}h${m % 60}m${s % 60}s`;
}
