// The lab terminal's line editing, drawn into a real (headless) xterm.js: what a learner would
// see on screen after each key, including lines that wrap past the terminal's width.
import { describe, expect, it } from "vitest";
import { Terminal } from "@xterm/headless";
import { LineEditor } from "@/app/ui/lab/line-editor";

const PROMPT = "controlplane $ ";

function screen(cols = 40) {
  const term = new Terminal({ cols, rows: 10, allowProposedApi: true });
  const editor = new LineEditor(PROMPT, cols);
  const write = (s: string) => new Promise<void>((resolve) => term.write(s, resolve));
  const lines = () => {
    const b = term.buffer.active;
    return Array.from({ length: b.length }, (_, i) => b.getLine(i)!.translateToString(true)).filter(
      (l, i, all) => l !== "" || all.slice(i).some(Boolean),
    );
  };
  const cursor = () => ({ x: term.buffer.active.cursorX, y: term.buffer.active.cursorY });
  const keys = async (...inputs: string[]) => {
    const submitted: string[] = [];
    for (const k of inputs) {
      const a = editor.input(k);
      await write(a.write);
      if (a.submit !== undefined) submitted.push(a.submit);
    }
    return submitted;
  };
  return { term, editor, write, lines, cursor, keys };
}

describe("the lab terminal's line editor", () => {
  it("echoes typing, edits in the middle of the line, and submits the line", async () => {
    const s = screen();
    await s.write(s.editor.showPrompt());
    const submitted = await s.keys(..."etcdctl gt k", "\x1b[D", "\x1b[D", "\x1b[D", "e", "\x1b[F", "\x7f", "key", "\r");
    expect(submitted).toEqual(["etcdctl get key"]);
    expect(s.lines()).toEqual([`${PROMPT}etcdctl get key`]);
  });

  it("browses history with the arrows and keeps the line being typed", async () => {
    const s = screen();
    await s.write(s.editor.showPrompt());
    await s.keys(..."one", "\r");
    await s.write(s.editor.showPrompt());
    await s.keys(..."two", "\r");
    await s.write(s.editor.showPrompt());
    await s.keys(..."dra", "\x1b[A");
    expect(s.editor.line).toBe("two");
    await s.keys("\x1b[A", "\x1b[A");
    expect(s.editor.line).toBe("one");
    await s.keys("\x1b[B", "\x1b[B");
    expect(s.editor.line).toBe("dra");
    expect(s.lines().at(-1)).toBe(`${PROMPT}dra`);
  });

  it("redraws a line that wraps past the width without leaving old text behind", async () => {
    const s = screen(20);
    await s.write(s.editor.showPrompt());
    await s.keys(..."kubectl get pods --all-namespaces");
    expect(s.lines().join("")).toBe(`${PROMPT}kubectl get pods --all-namespaces`);
    await s.keys("\x01", "x");
    expect(s.lines().join("")).toBe(`${PROMPT}xkubectl get pods --all-namespaces`);
    expect(s.cursor()).toEqual({ x: PROMPT.length + 1, y: 0 });
    await s.keys(..."\x7f".repeat(1), "\x1b[F", ..."\x7f".repeat(20));
    expect(s.lines().join("")).toBe(`${PROMPT}kubectl get p`);
    expect(s.lines()).toHaveLength(2);
  });

  it("abandons the line on Ctrl-C, deletes words and the line's start, and ignores unknown keys", async () => {
    const s = screen();
    await s.write(s.editor.showPrompt());
    await s.keys(..."etcdctl get foo", "\x17");
    expect(s.editor.line).toBe("etcdctl get ");
    await s.keys("\x1b[1;5A", "\x15");
    expect(s.editor.line).toBe("");
    await s.keys(..."abc", "\x03");
    expect(s.lines()).toEqual([`${PROMPT}abc^C`, PROMPT]);
    expect(s.editor.inputWhileBusy("x")).toEqual({ write: "" });
    expect(s.editor.inputWhileBusy("\x03")).toEqual({ write: "^C", interrupt: true });
  });

  it("runs a pasted block line by line", async () => {
    const s = screen();
    await s.write(s.editor.showPrompt());
    const submitted = await s.keys("etcdctl put a 1\netcdctl put b 2\netcdctl get a");
    expect(submitted).toEqual(["etcdctl put a 1"]);
    expect([s.editor.nextQueued(), s.editor.nextQueued(), s.editor.nextQueued()]).toEqual(["etcdctl put b 2", "etcdctl get a", undefined]);
  });

  it("completes the word at the cursor, or lists the candidates", async () => {
    const s = screen();
    await s.write(s.editor.showPrompt());
    await s.keys(..."etcdctl mem");
    await s.write(s.editor.complete(["member", "move-leader"]).write);
    expect(s.editor.line).toBe("etcdctl member ");
    await s.keys(..."l");
    await s.write(s.editor.complete(["list", "add", "remove"]).write);
    expect(s.editor.line).toBe("etcdctl member list ");
    await s.keys(..."--w");
    await s.write(s.editor.complete(["--write-out", "--wait"]).write);
    expect(s.lines().slice(-2)).toEqual(["--write-out  --wait", `${PROMPT}etcdctl member list --w`]);
  });
});
