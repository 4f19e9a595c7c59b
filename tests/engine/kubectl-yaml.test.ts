// kubectl -o yaml's emitter against what the real kubectl 1.32 printed for the same objects
// (`kubectl annotate -f obj.json --local -o yaml`, which prints a file's object unchanged but for
// one annotation). Each object sits under `spec:`, as it did there, so the columns that decide
// line folding are the same.
import { describe, expect, it } from "vitest";
import { toKubeJson, toYaml } from "@/lib/engine/shell/kubectl/yaml";

const lines = (...l: string[]) => `${l.join("\n")}\n`;

describe("toYaml as go-yaml v2 writes through sigs.k8s.io/yaml", () => {
  it("double-quotes a string only when plain text would read back as another type", () => {
    const spec = {
      a: "yes",
      b: "off",
      y: "n",
      c: "True",
      d: "~",
      e: "",
      f: "0o17",
      g: "09",
      h: "1_000",
      i: "12:30",
      j: "1e400",
      k: "NaN",
      l: "2024-02-29",
      m: "2023-02-29",
      n: "2024-01-02T03:04:05",
      o: "<<",
    };
    expect(toYaml({ spec })).toBe(
      lines(
        "spec:",
        '  a: "yes"',
        '  b: "off"',
        '  c: "True"',
        '  d: "~"',
        '  e: ""',
        '  f: "0o17"',
        '  g: "09"',
        '  h: "1_000"',
        // A sexagesimal number in YAML 1.1, quoted for other parsers.
        '  i: "12:30"',
        // Out of float64's range, so not a number, and so not quoted.
        "  j: 1e400",
        "  k: NaN",
        '  l: "2024-02-29"',
        // Not a date (2023 has no 29 February), nor a timestamp without a zone.
        "  m: 2023-02-29",
        '  "n": 2024-01-02T03:04:05',
        "  o: <<",
        '  "y": "n"',
      ),
    );
  });

  it("single-quotes what plain style cannot carry, and only that", () => {
    const spec = { a: "-", b: "-c", c: ":a", d: "a: b", e: "a #b", f: "a#b", g: "...", h: "x'y", i: "'", j: "@x" };
    expect(toYaml({ spec })).toBe(
      lines(
        "spec:",
        "  a: '-'",
        "  b: -c",
        "  c: :a",
        "  d: 'a: b'",
        "  e: 'a #b'",
        "  f: a#b",
        "  g: '...'",
        "  h: x'y",
        "  i: ''''",
        "  j: '@x'",
      ),
    );
  });

  it("folds plain, single- and double-quoted text at a space past column 80", () => {
    const spec = {
      plain: `${"word ".repeat(20)}end`,
      single: `#${"word ".repeat(20)}`,
      double: `\t${"ab ".repeat(30)} spaced`,
      escapedSpace: `\t${"x".repeat(75)}  y`,
      long: "x".repeat(100),
    };
    expect(toYaml({ spec })).toBe(
      lines(
        "spec:",
        '  double: "\\tab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab ab',
        '    ab ab ab ab ab ab ab  spaced"',
        '  escapedSpace: "\\txxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
        '    \\ y"',
        `  long: ${"x".repeat(100)}`,
        "  plain: word word word word word word word word word word word word word word word",
        "    word word word word word end",
        "  single: '#word word word word word word word word word word word word word word",
        "    word word word word word word '",
      ),
    );
  });

  it("writes text with line breaks as a literal block, with go-yaml's indentation and chomping hints", () => {
    const spec = { clip: "line\n", strip: "a\nb", keep: "a\n\n", lead: "\na", indented: " a\nb", spaceBreak: "x \ny", crlf: "a\r\nb" };
    expect(toYaml({ spec })).toBe(
      lines(
        "spec:",
        "  clip: |",
        "    line",
        '  crlf: "a\\r\\nb"',
        "  indented: |2-",
        "     a",
        "    b",
        "  keep: |+",
        "    a",
        "",
        "  lead: |2-",
        "",
        "    a",
        '  spaceBreak: "x \\ny"',
        "  strip: |-",
        "    a",
        "    b",
      ),
    );
  });

  it("escapes as go-yaml does, and folds NEL as the JSON round trip reads it", () => {
    const spec = { tab: "\tx", emoji: "😀", bom: "\uFEFFab", nel: "a\u0085b", nels: "a \u0085\u0085 b", ls: "a\u2028b", esc: "\u001b[0m" };
    expect(toYaml({ spec })).toBe(
      lines(
        "spec:",
        // A leading byte order mark has every character escaped.
        '  bom: "\\uFEFF\\x61\\x62"',
        '  emoji: "\\U0001F600"',
        '  esc: "\\e[0m"',
        // A line separator is a break: copied as it is, then the line is indented.
        "  ls: 'a\u2028    b'",
        "  nel: a b",
        "  nels: |-",
        "    a",
        "    b",
        '  tab: "\\tx"',
      ),
    );
  });

  it("orders keys naturally and writes long or multi-line keys as complex keys", () => {
    const spec = { a10: 1, a9: 2, FOOBAR: 3, FOO_BAR: 4, "": 5, ["k".repeat(130)]: 6, "two\nlines": 7 };
    expect(toYaml({ spec })).toBe(
      lines(
        "spec:",
        '  "": 5',
        "  FOO_BAR: 4",
        "  FOOBAR: 3",
        "  a9: 2",
        "  a10: 1",
        `  ? ${"k".repeat(130)}`,
        "  : 6",
        "  ? |-",
        "    two",
        "    lines",
        "  : 7",
      ),
    );
  });

  it("writes numbers as they come back from JSON, and nested and empty collections in block style", () => {
    const spec = [1.5, 1234567.5, 0.00001, 123456789012, [1, [2, []]], {}, null, true];
    expect(toYaml({ spec })).toBe(
      lines("spec:", "- 1.5", "- 1.2345675e+06", "- 1e-05", "- 123456789012", "- - 1", "  - - 2", "    - []", "- {}", "- null", "- true"),
    );
  });

  it("drops what JSON drops", () => {
    expect(toYaml({ a: undefined, b: [undefined], c: () => 1 })).toBe(lines("b:", "- null"));
  });
});

describe("toKubeJson as encoding/json writes", () => {
  it("sorts keys and escapes <, >, & and the line separators", () => {
    expect(toKubeJson({ b: "<&>\u2028", a: 1 })).toBe(lines("{", '    "a": 1,', '    "b": "\\u003c\\u0026\\u003e\\u2028"', "}"));
  });
});
