// Flow control between the engine and the terminal, on a real (headless) xterm.js: a burst of
// output pauses the producer above the high watermark and resumes it once xterm has parsed the
// backlog, and a clear issued after the burst lands after it on screen.
import { describe, expect, it } from "vitest";
import { Terminal } from "@xterm/headless";
import { HIGH_WATERMARK, LOW_WATERMARK, OutputFlow } from "@/app/ui/lab/output-flow";

function terminal() {
  const term = new Terminal({ cols: 80, rows: 10, scrollback: 1000, allowProposedApi: true });
  const signals: boolean[] = [];
  const flow = new OutputFlow(term, (paused) => signals.push(paused));
  const drained = () => new Promise<void>((resolve) => term.write("", resolve));
  const lines = () => {
    const b = term.buffer.active;
    return Array.from({ length: b.length }, (_, i) => b.getLine(i)!.translateToString(true)).filter(Boolean);
  };
  return { term, flow, signals, drained, lines };
}

const watchEvent = (i: number) => `PUT\r\n/registry/pods/default/web-${i}\r\n{"kind":"Pod","metadata":{"name":"web-${i}"}}\r\n`;

describe("flow-controlled terminal output", () => {
  it("asks the producer to pause above the high watermark and to resume once drained", async () => {
    const t = terminal();
    let written = 0;
    let i = 0;
    while (!t.flow.isPaused) {
      const chunk = watchEvent(i++);
      t.flow.write(chunk);
      written += chunk.length;
    }
    expect(t.signals).toEqual([true]);
    expect(written).toBeGreaterThan(HIGH_WATERMARK);
    expect(t.flow.backlog).toBeGreaterThan(HIGH_WATERMARK);
    await t.drained();
    expect(t.signals).toEqual([true, false]);
    expect(t.flow.backlog).toBe(0);
    // The last event is on screen: nothing was dropped on the way.
    expect(t.lines().at(-1)).toBe(`{"kind":"Pod","metadata":{"name":"web-${i - 1}"}}`);
  });

  it("does not signal for output that stays under the watermark", async () => {
    const t = terminal();
    for (let i = 0; i < 20; i++) t.flow.write(watchEvent(i));
    expect(t.flow.backlog).toBeLessThan(LOW_WATERMARK);
    await t.drained();
    expect(t.signals).toEqual([]);
  });

  it("clears after the output written before the clear, not before it", async () => {
    const t = terminal();
    for (let i = 0; i < 3000; i++) t.flow.write(watchEvent(i));
    t.flow.clear();
    t.flow.write("controlplane $ ");
    await t.drained();
    expect(t.lines()).toEqual(["controlplane $ "]);
    expect(t.term.buffer.active.length).toBe(10);
  });

  it("releases a paused producer when the terminal goes away", () => {
    const t = terminal();
    for (let i = 0; t.signals.length === 0; i++) t.flow.write(watchEvent(i));
    t.flow.dispose();
    expect(t.signals).toEqual([true, false]);
    t.term.dispose();
  });
});
