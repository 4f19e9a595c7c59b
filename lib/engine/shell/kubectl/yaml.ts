// YAML as kubectl prints objects (sigs.k8s.io/yaml over go-yaml v2): keys sorted, two
// spaces of indentation, list items at their parent's indentation, and strings quoted
// when plain YAML would read them as something else.

/** Whether go-yaml must quote this string to keep it a string. */
function needsQuotes(s: string): boolean {
  if (s === "") return true;
  if (/^(true|false|yes|no|on|off|y|n|null|~)$/i.test(s)) return true;
  if (/^[-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(s) || /^0x[0-9a-fA-F]+$/.test(s) || /^[-+]?\.(inf|nan)$/i.test(s)) return true;
  // Timestamps (go-yaml resolves them) and anything starting with an indicator.
  if (/^\d{4}-\d\d-\d\d/.test(s)) return true;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(s) || /^\s|\s$/.test(s)) return true;
  if (/: |:$| #/.test(s) || s.includes("\n") || s.includes("\t")) return true;
  return false;
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  const s = String(value);
  if (s === "") return '""';
  if (!needsQuotes(s)) return s;
  // go-yaml uses double quotes only where an escape is needed, single quotes otherwise.
  if (/[\n\t\u0000-\u001f]/.test(s)) return JSON.stringify(s);
  if (/^\d{4}-\d\d-\d\d/.test(s) || /^[-+]?[\d.]/.test(s) || /^(true|false|null)$/i.test(s)) return `"${s}"`;
  return `'${s.replace(/'/g, "''")}'`;
}

function isEmptyCollection(v: unknown): boolean {
  return (Array.isArray(v) && v.length === 0) || (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);
}

function emit(value: unknown, indent: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const item of value) {
      if (item !== null && typeof item === "object" && !isEmptyCollection(item)) {
        const lines: string[] = [];
        emit(item, `${indent}  `, lines);
        // The first line of the item goes after "- ".
        out.push(`${indent}- ${lines[0]!.slice(indent.length + 2)}`, ...lines.slice(1));
      } else out.push(`${indent}- ${isEmptyCollection(item) ? (Array.isArray(item) ? "[]" : "{}") : scalar(item)}`);
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj).sort()) {
    const v = obj[key];
    if (v === undefined) continue;
    const k = needsQuotes(key) ? `"${key}"` : key;
    if (v !== null && typeof v === "object" && !isEmptyCollection(v)) {
      out.push(`${indent}${k}:`);
      emit(v, Array.isArray(v) ? indent : `${indent}  `, out);
    } else if (isEmptyCollection(v)) out.push(`${indent}${k}: ${Array.isArray(v) ? "[]" : "{}"}`);
    else if (typeof v === "string" && blockStyle(v)) out.push(`${indent}${k}: ${blockHeader(v)}`, ...blockLines(v, `${indent}  `));
    else out.push(`${indent}${k}: ${scalar(v)}`);
  }
}

/** Multi-line text goes in a literal block (|), unless a tab, a carriage return or a space before a newline forces quotes. */
function blockStyle(s: string): boolean {
  return s.includes("\n") && !/[\t\r]| \n/.test(s);
}

function blockHeader(s: string): string {
  // The chomping indicator keeps the final line breaks exactly: none (-), one (clip), more (+).
  const trailing = /\n*$/.exec(s)![0].length;
  const indentation = s.startsWith(" ") ? "2" : "";
  return `|${indentation}${trailing === 0 ? "-" : trailing > 1 ? "+" : ""}`;
}

function blockLines(s: string, indent: string): string[] {
  const body = s.replace(/\n$/, "");
  return body.split("\n").map((line) => (line === "" ? "" : `${indent}${line}`));
}

export function toYaml(value: unknown): string {
  const out: string[] = [];
  emit(value, "", out);
  return out.map((l) => `${l}\n`).join("");
}

/** kubectl -o json: encoding/json's MarshalIndent with four spaces, keys sorted (unstructured objects). */
export function toKubeJson(value: unknown): string {
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v !== null && typeof v === "object"
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
          )
        : v;
  return `${JSON.stringify(sortKeys(value), null, 4)}\n`;
}
