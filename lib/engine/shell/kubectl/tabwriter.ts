// Go's text/tabwriter, which kubectl describe writes through: cells end with a tab, and a
// column is aligned over each block of consecutive lines that have a cell in it. A port
// of its format() so describe's indentation and alignment come out the same.

export function tabwrite(text: string, options: { minwidth?: number; padding?: number } = {}): string {
  const minwidth = options.minwidth ?? 0;
  const padding = options.padding ?? 2;
  const lines = text.split("\n").map((l) => l.split("\t"));
  // A trailing newline leaves an empty last line: not a line of its own.
  if (lines.length > 0 && lines[lines.length - 1]!.length === 1 && lines[lines.length - 1]![0] === "") lines.pop();
  const widths: number[] = [];
  let out = "";
  const width = (s: string) => [...s].length;

  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const line = lines[i]!;
      line.forEach((cell, j) => {
        if (j < line.length - 1) out += cell.padEnd(cell.length + Math.max(0, (widths[j] ?? 0) - width(cell)));
        else out += cell;
      });
      out += "\n";
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current]!.length - 1) continue;
      writeLines(line0, current);
      line0 = current;
      let w = minwidth;
      for (; current < line1; current++) {
        const line = lines[current]!;
        if (column >= line.length - 1) break;
        w = Math.max(w, width(line[column]!) + padding);
      }
      widths.push(w);
      format(line0, current);
      widths.pop();
      line0 = current;
      current--; // the loop's increment moves on to the line that ended the block
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out;
}
