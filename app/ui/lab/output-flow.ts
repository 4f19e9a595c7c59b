// Flow control between the engine and an xterm.js terminal. xterm parses what it is given
// asynchronously, a little per frame; a watch at 100x can hand it text faster than it can draw,
// and its write buffer would grow without bound while the page stutters. So every write goes
// through one queue whose callbacks count what xterm has not parsed yet: above HIGH_WATERMARK
// the producer is asked to wait, below LOW_WATERMARK to go on (xterm's own flow-control guide,
// with watermarks). Screen-clearing goes through the same stream as escape sequences, so a
// clear issued after a burst of output happens after that output, not before it.

/** What the queue needs of a terminal: xterm's `write` with its parsed callback. */
export interface WritableTerminal {
  write(data: string, parsed?: () => void): void;
}

/** Characters written but not yet parsed past which the producer is paused. */
export const HIGH_WATERMARK = 128 * 1024;
/** ...and below which it resumes. */
export const LOW_WATERMARK = 16 * 1024;

/** What `clear` prints: cursor home, erase the screen and the scrollback (ncurses' `clear`, E3). */
export const CLEAR_SCREEN = "\x1b[H\x1b[2J\x1b[3J";
/** A full reset (RIS): modes, colours and buffer, as `reset` does. */
export const RESET_TERMINAL = "\x1bc";

export class OutputFlow {
  private unparsed = 0;
  private paused = false;
  private disposed = false;

  constructor(
    private readonly term: WritableTerminal,
    /** Called with true when the producer should pause, false when it may go on. */
    private readonly onPause: (paused: boolean) => void,
  ) {}

  write(data: string, parsed?: () => void): void {
    if (data === "") {
      if (parsed) this.term.write("", parsed);
      return;
    }
    this.unparsed += data.length;
    this.term.write(data, () => {
      this.unparsed -= data.length;
      if (this.paused && !this.disposed && this.unparsed <= LOW_WATERMARK) {
        this.paused = false;
        this.onPause(false);
      }
      parsed?.();
    });
    if (!this.paused && !this.disposed && this.unparsed > HIGH_WATERMARK) {
      this.paused = true;
      this.onPause(true);
    }
  }

  clear(): void {
    this.write(CLEAR_SCREEN);
  }

  reset(): void {
    this.write(RESET_TERMINAL);
  }

  /** Characters handed to xterm and not parsed yet. */
  get backlog(): number {
    return this.unparsed;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  /** The terminal is going away: a producer waiting for it must not wait forever. */
  dispose(): void {
    this.disposed = true;
    if (this.paused) {
      this.paused = false;
      this.onPause(false);
    }
  }
}
