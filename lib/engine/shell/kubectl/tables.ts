// kubectl's column layout for human-readable tables: upper-case headers, three spaces
// between columns, left-aligned (the cells come from the server's printers, kube/printers.ts).

/**
 * kubectl's table layout: columns padded to their widest cell plus three spaces, six at least.
 * `remembered` is kubectl's tabwriter with RememberWidths, as `get -w` uses it: a column never
 * gets narrower than it was in an earlier table or row, and the widths seen here are kept.
 */
export function layout(rows: string[][], remembered?: number[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? "")].length), (remembered?.[i] ?? 0) - 3));
  if (remembered) widths.forEach((w, i) => (remembered[i] = Math.max(w + 3, 6)));
  return rows
    .map((r) =>
      r
        // kubectl's tabwriter: padding 3, minimum cell width 6 (padding included).
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(Math.max(widths[i]! + 3, 6))))
        .join("")
        .trimEnd(),
    )
    .map((l) => `${l}\n`)
    .join("");
}
