// The terminal's line editing, as readline does it, on the page's main thread so a keystroke is
// echoed at once: the engine only ever receives whole command lines. Pure logic: it turns the
// terminal's input (keys and escape sequences, as xterm.js reports them) into what to draw and
// what to do, and is tested without a browser.

export interface EditorAction {
  /** Bytes for the terminal (echo, redraw, cursor moves). */
  write: string;
  /** A finished line to run. */
  submit?: string;
  /** Ctrl-C while a command runs. */
  interrupt?: boolean;
  /** Ctrl-L. */
  clear?: boolean;
}

/** Lines kept for ↑/↓, as bash's HISTSIZE would. */
export const EDITOR_HISTORY_SIZE = 500;

export class LineEditor {
  private buffer = "";
  private cursor = 0;
  private history: string[] = [];
  /** Position while browsing history; history.length means the line being typed. */
  private browsing = 0;
  private draft = "";
  /** Terminal rows above the cursor that the prompt and line use (long lines wrap). */
  private cursorRow = 0;
  /** Lines pasted after the first, run one by one as the terminal frees up. */
  private queued: string[] = [];

  constructor(
    readonly prompt: string,
    private cols: number,
  ) {}

  resize(cols: number): void {
    this.cols = Math.max(1, cols);
  }

  get line(): string {
    return this.buffer;
  }

  /** The text before the cursor: what Tab completes. */
  get beforeCursor(): string {
    return this.buffer.slice(0, this.cursor);
  }

  /** The prompt and an empty line (after a command ends). */
  showPrompt(): string {
    this.buffer = "";
    this.cursor = 0;
    this.cursorRow = 0;
    this.browsing = this.history.length;
    return this.render(false);
  }

  /** A pasted line waiting to run, if any. */
  nextQueued(): string | undefined {
    return this.queued.shift();
  }

  /** Handles input while the prompt is shown. */
  input(data: string): EditorAction {
    // A paste of several lines runs them in order, as a shell reading them would.
    if (data.length > 1 && /[\r\n]/.test(data) && !data.startsWith("\x1b")) {
      const lines = data.replace(/\r\n?/g, "\n").split("\n");
      const last = lines.pop()!;
      const first = lines.shift()!;
      this.queued.push(...lines);
      this.insert(first);
      const action = this.enter();
      if (last) this.queued.push(last);
      return action;
    }
    switch (data) {
      case "\r":
        return this.enter();
      case "\x7f":
      case "\b":
        if (this.cursor === 0) return { write: "" };
        this.buffer = this.buffer.slice(0, this.cursor - 1) + this.buffer.slice(this.cursor);
        this.cursor--;
        return { write: this.render() };
      case "\x1b[3~":
        this.buffer = this.buffer.slice(0, this.cursor) + this.buffer.slice(this.cursor + 1);
        return { write: this.render() };
      case "\x1b[D":
      case "\x02":
        this.cursor = Math.max(0, this.cursor - 1);
        return { write: this.render() };
      case "\x1b[C":
      case "\x06":
        this.cursor = Math.min(this.buffer.length, this.cursor + 1);
        return { write: this.render() };
      case "\x1b[H":
      case "\x1bOH":
      case "\x01":
        this.cursor = 0;
        return { write: this.render() };
      case "\x1b[F":
      case "\x1bOF":
      case "\x05":
        this.cursor = this.buffer.length;
        return { write: this.render() };
      case "\x1b[A":
      case "\x10":
        return this.browse(-1);
      case "\x1b[B":
      case "\x0e":
        return this.browse(1);
      case "\x15": // Ctrl-U: delete to the start of the line
        this.buffer = this.buffer.slice(this.cursor);
        this.cursor = 0;
        return { write: this.render() };
      case "\x0b": // Ctrl-K: delete to the end
        this.buffer = this.buffer.slice(0, this.cursor);
        return { write: this.render() };
      case "\x17": {
        // Ctrl-W: delete the word before the cursor
        const before = this.buffer.slice(0, this.cursor).replace(/\S+\s*$/, "");
        this.buffer = before + this.buffer.slice(this.cursor);
        this.cursor = before.length;
        return { write: this.render() };
      }
      case "\x03": {
        // Ctrl-C at the prompt: the line is abandoned, a new prompt follows.
        this.queued = [];
        const out = `${this.moveToEnd()}^C\r\n`;
        return { write: out + this.showPrompt() };
      }
      case "\x0c":
        return { write: "", clear: true };
      case "\x04":
        return { write: "" };
      default:
        // Printable text (typed or pasted); other control sequences are ignored.
        if (/^[\x00-\x1f\x7f]/.test(data) || data.startsWith("\x1b")) return { write: "" };
        this.insert(data);
        return { write: this.render() };
    }
  }

  /** Handles input while a command runs: only Ctrl-C means something. */
  inputWhileBusy(data: string): EditorAction {
    if (data === "\x03") return { write: "^C", interrupt: true };
    return { write: "" };
  }

  /** Completes the word at the cursor with one of `items` (their longest common prefix). */
  complete(items: readonly string[]): EditorAction {
    const word = /\S*$/.exec(this.buffer.slice(0, this.cursor))![0];
    const matching = items.filter((i) => i.startsWith(word));
    if (matching.length === 0) return { write: "\x07" };
    let common = matching[0]!;
    for (const m of matching) while (!m.startsWith(common)) common = common.slice(0, -1);
    if (matching.length === 1) common += " ";
    if (common.length > word.length) {
      this.insert(common.slice(word.length));
      return { write: this.render() };
    }
    // Several candidates and nothing more in common: list them under the line, as bash does on a second Tab.
    const list = `${this.moveToEnd()}\r\n${matching.join("  ")}\r\n`;
    this.cursorRow = 0;
    return { write: list + this.render(false) };
  }

  private insert(text: string): void {
    const clean = text.replace(/[\x00-\x1f\x7f]/g, "");
    this.buffer = this.buffer.slice(0, this.cursor) + clean + this.buffer.slice(this.cursor);
    this.cursor += clean.length;
  }

  private enter(): EditorAction {
    const line = this.buffer;
    const write = `${this.moveToEnd()}\r\n`;
    if (line.trim() !== "" && this.history.at(-1) !== line) {
      this.history.push(line);
      if (this.history.length > EDITOR_HISTORY_SIZE) this.history.shift();
    }
    this.buffer = "";
    this.cursor = 0;
    this.cursorRow = 0;
    this.browsing = this.history.length;
    return { write, submit: line };
  }

  private browse(delta: number): EditorAction {
    const next = this.browsing + delta;
    if (next < 0 || next > this.history.length) return { write: "" };
    if (this.browsing === this.history.length) this.draft = this.buffer;
    this.browsing = next;
    this.buffer = next === this.history.length ? this.draft : this.history[next]!;
    this.cursor = this.buffer.length;
    return { write: this.render() };
  }

  /** Cursor to the end of the line (before a newline is printed). */
  private moveToEnd(): string {
    const end = this.prompt.length + this.buffer.length;
    const endRow = Math.floor(end / this.cols);
    const down = endRow - this.cursorRow;
    this.cursorRow = endRow;
    return `${down > 0 ? `\x1b[${down}B` : ""}\r${end % this.cols ? `\x1b[${end % this.cols}C` : ""}`;
  }

  /** Redraws prompt and line from the prompt's first row, and puts the cursor where it belongs. */
  private render(fromLineStart = true): string {
    let out = fromLineStart ? `${this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : ""}\r\x1b[J` : "";
    const text = this.prompt + this.buffer;
    out += text;
    const end = text.length;
    const at = this.prompt.length + this.cursor;
    // At an exact multiple of the width the terminal waits to wrap: force the cursor onto the next row.
    let endRow = Math.floor(end / this.cols);
    if (end > 0 && end % this.cols === 0) out += "\r\n";
    else endRow = Math.floor(end / this.cols);
    const row = Math.floor(at / this.cols);
    const col = at % this.cols;
    if (endRow > row) out += `\x1b[${endRow - row}A`;
    out += `\r${col > 0 ? `\x1b[${col}C` : ""}`;
    this.cursorRow = row;
    return out;
  }
}
