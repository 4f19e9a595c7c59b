// The lab terminal's file system: a tree of text files and directories in memory, enough
// for `> file`, `cat`, `ls`, `snapshot save` and `snapshot restore --data-dir`. Paths are
// POSIX-like; the home directory is /root, as for the root user of a lab machine.

export class VfsError extends Error {
  override name = "VfsError";
}

/** Largest file the terminal keeps (a snapshot of a big keyspace fits; a runaway loop does not). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The devices a lab uses: /dev/zero is finite here, enough to fill any value a request may carry. */
const DEVICES: Record<string, { read(): string }> = {
  "/dev/null": { read: () => "" },
  "/dev/zero": { read: () => "\0".repeat(4 * 1024 * 1024) },
};

export class Vfs {
  private files = new Map<string, string>();
  private dirs = new Set<string>(["/", "/root", "/tmp", "/dev"]);
  cwd = "/root";

  resolve(path: string): string {
    const parts = (path.startsWith("/") ? path : `${this.cwd}/${path}`).split("/");
    const out: string[] = [];
    for (const p of parts) {
      if (p === "" || p === ".") continue;
      if (p === "..") out.pop();
      else out.push(p);
    }
    return `/${out.join("/")}`;
  }

  private parent(abs: string): string {
    const i = abs.lastIndexOf("/");
    return i <= 0 ? "/" : abs.slice(0, i);
  }

  isDir(path: string): boolean {
    return this.dirs.has(this.resolve(path));
  }

  isFile(path: string): boolean {
    const abs = this.resolve(path);
    return this.files.has(abs) || abs in DEVICES;
  }

  exists(path: string): boolean {
    return this.isDir(path) || this.isFile(path);
  }

  /** The file's text; throws with the shell's wording when it cannot be read. */
  read(path: string): string {
    const abs = this.resolve(path);
    const device = DEVICES[abs];
    if (device) return device.read();
    if (this.dirs.has(abs)) throw new VfsError(`${path}: Is a directory`);
    const text = this.files.get(abs);
    if (text === undefined) throw new VfsError(`${path}: No such file or directory`);
    return text;
  }

  write(path: string, text: string, append = false): void {
    const abs = this.resolve(path);
    if (DEVICES[abs]) return;
    if (this.dirs.has(abs)) throw new VfsError(`${path}: Is a directory`);
    if (!this.dirs.has(this.parent(abs))) throw new VfsError(`${path}: No such file or directory`);
    const next = append ? (this.files.get(abs) ?? "") + text : text;
    if (next.length > MAX_FILE_BYTES) throw new VfsError(`${path}: File too large`);
    this.files.set(abs, next);
  }

  /** mkdir -p. */
  mkdirs(path: string): void {
    let abs = this.resolve(path);
    if (this.files.has(abs)) throw new VfsError(`${path}: File exists`);
    const made: string[] = [];
    while (!this.dirs.has(abs)) {
      made.push(abs);
      abs = this.parent(abs);
    }
    for (const d of made) this.dirs.add(d);
  }

  remove(path: string, recursive = false): void {
    const abs = this.resolve(path);
    if (this.files.delete(abs)) return;
    if (!this.dirs.has(abs)) throw new VfsError(`${path}: No such file or directory`);
    if (!recursive) throw new VfsError(`${path}: Is a directory`);
    for (const f of [...this.files.keys()]) if (f.startsWith(`${abs}/`)) this.files.delete(f);
    for (const d of [...this.dirs]) if (d === abs || d.startsWith(`${abs}/`)) this.dirs.delete(d);
  }

  /** Names directly inside a directory, sorted as `ls` sorts them in the C locale. */
  list(path: string): string[] {
    const abs = this.resolve(path);
    if (!this.dirs.has(abs)) throw new VfsError(`${path}: No such file or directory`);
    const prefix = abs === "/" ? "/" : `${abs}/`;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs, ...Object.keys(DEVICES)]) {
      if (p !== abs && p.startsWith(prefix)) names.add(p.slice(prefix.length).split("/")[0]!);
    }
    return [...names].sort();
  }

  save(): { files: Array<[string, string]>; dirs: string[]; cwd: string } {
    return { files: [...this.files], dirs: [...this.dirs], cwd: this.cwd };
  }

  restore(s: { files: Array<[string, string]>; dirs: string[]; cwd: string }): void {
    this.files = new Map(s.files);
    this.dirs = new Set(s.dirs);
    this.cwd = s.cwd;
  }
}
