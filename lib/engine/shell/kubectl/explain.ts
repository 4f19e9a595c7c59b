// kubectl explain: a kind's or a field's documentation from the API server's OpenAPI v3
// schemas, rendered as kubectl 1.32's plaintext template does (k8s.io/kubectl/pkg/explain/v2/
// templates/plaintext.tmpl), template by template: output, fieldList, fieldDetail,
// description, typeGuess, extractEnum, with go-wordwrap's wrapping.

import { resolveRef, schemaFor, type OpenApiSchema } from "../../kube/openapi";
import type { ResourceType } from "../../kube/resources";

type History = Record<string, true>;

/** mitchellh/go-wordwrap's WrapString: breaks at spaces past `lim`, keeps the text's own newlines, never splits a word. */
export function wordWrap(s: string, lim: number): string {
  let buf = "";
  let current = 0;
  let word = "";
  let space = "";
  for (const ch of s) {
    if (ch === "\n") {
      if (word.length === 0) {
        if (current + space.length > lim) current = 0;
        else {
          current += space.length;
          buf += space;
        }
      } else {
        current += space.length + word.length;
        buf += space + word;
        word = "";
      }
      space = "";
      buf += ch;
      current = 0;
    } else if (/\s/.test(ch) && ch !== "\u00a0") {
      if (space.length === 0 || word.length > 0) {
        current += space.length + word.length;
        buf += space + word;
        space = "";
        word = "";
      }
      space += ch;
    } else {
      word += ch;
      if (current + space.length + word.length > lim && word.length < lim) {
        buf += "\n";
        current = 0;
        space = "";
      }
    }
  }
  if (word.length === 0) {
    if (current + space.length <= lim) buf += space;
  } else buf += space + word;
  return buf;
}

/** The template's indent: every line, the first too, gets `n` spaces. */
const indent = (n: number, s: string) => " ".repeat(n) + s.replace(/\n/g, `\n${" ".repeat(n)}`);

const isMap = (ap: OpenApiSchema["additionalProperties"]): ap is OpenApiSchema => typeof ap === "object" && ap !== null;

function typeGuess(s: OpenApiSchema): string {
  if (s.items) return `[]${typeGuess(s.items)}`;
  if (isMap(s.additionalProperties)) return `map[string]${typeGuess(s.additionalProperties)}`;
  if (s.allOf && !s.properties && s.allOf.length === 1) return typeGuess(s.allOf[0]!);
  if (s.$ref) {
    const target = resolveRef(s.$ref);
    if (!target || !target.type || target.type === "object") return s.$ref.split("/").at(-1)!.split(".").at(-1) || "Object";
    return target.type;
  }
  return s.type === "object" ? "Object" : s.type || "Object";
}

function extractEnum(s: OpenApiSchema, long: boolean, limit: number, indentAmount = 0): string {
  if (!s.enum || s.enum.length === 0) return "";
  let out = long ? "ENUM:" : `\n${" ".repeat(indentAmount)}enum: `;
  for (const [i, e] of s.enum.entries()) {
    if (limit > -1 && i >= limit) {
      out += ", ....";
      break;
    }
    if (i > 0 && !long) out += ", ";
    else if (long) out += "\n    ";
    out += e === "" ? '""' : String(e);
  }
  return out;
}

function description(s: OpenApiSchema): string {
  const r = resolveRef(s.$ref) ?? s;
  let out = r.description ? `${r.description}\n` : "";
  for (const a of r.allOf ?? []) out += description(a);
  if (r.items) out += description(r.items);
  if (isMap(r.additionalProperties)) out += description(r.additionalProperties);
  return out;
}

function fieldDetail(name: string, s: OpenApiSchema, short: boolean, level: number): string {
  const indentAmount = level * 2;
  const field = s.properties![name]!;
  let out = `${indent(indentAmount, name)}\t<${typeGuess(field)}>`;
  if (s.required?.includes(name)) out += " -required-";
  out += `${extractEnum(field, false, 4, indentAmount)}\n`;
  if (!short) out += `${indent(indentAmount + 2, wordWrap(field.description || "<no description>", 78 - indentAmount))}\n\n`;
  return out;
}

function fieldList(s: OpenApiSchema, level: number, recursive: boolean, history: History = {}): string {
  const ref = s.$ref ?? "";
  if (ref && history[ref]) return "";
  const next: History = { ...history, [ref]: true };
  const r = resolveRef(ref) ?? s;
  let out = "";
  // Go templates range over a map in key order.
  for (const k of Object.keys(r.properties ?? {}).sort()) {
    out += fieldDetail(k, r, recursive, level);
    if (recursive) out += fieldList(r.properties![k]!, level + 1, recursive, next);
  }
  for (const a of r.allOf ?? []) out += fieldList(a, level, recursive, next);
  if (r.items) out += fieldList(r.items, level, recursive, next);
  if (isMap(r.additionalProperties)) out += fieldList(r.additionalProperties, level, recursive, next);
  return out;
}

function output(s: OpenApiSchema, path: string[], recursive: boolean, history: History): string {
  const ref = s.$ref ?? "";
  const next: History = { ...history, [ref]: true };
  const r = resolveRef(ref) ?? s;
  if (path.length === 0) {
    let out = `DESCRIPTION:\n${indent(4, wordWrap(description(r) || "<empty>", 76))}\n`;
    const fields = fieldList(r, 1, recursive);
    if (fields) out += `FIELDS:\n${fields}`;
    return out;
  }
  if (ref && history[ref]) return "";
  const sub = r.properties?.[path[0]!];
  if (sub) {
    const head = path.length === 1 ? `FIELD: ${path[0]} <${typeGuess(sub)}>\n${extractEnum(sub, true, -1)}\n\n` : "";
    return head + output(sub, path.slice(1), recursive, {});
  }
  if (r.items) return output(r.items, path, recursive, next);
  if (isMap(r.additionalProperties)) return output(r.additionalProperties, path, recursive, next);
  for (const a of r.allOf ?? []) {
    const out = output(a, path, recursive, next);
    if (out) return out;
  }
  return "";
}

/**
 * The explain text of a resource type and a field path within it, or what kubectl prints
 * before failing (the header goes out first, as the template writes it as it goes).
 */
export function explain(t: ResourceType, path: string[], recursive: boolean): { out: string; error?: string } {
  const schema = schemaFor(t.group, t.version, t.kind);
  // A group version without published schemas (a CRD without one) is not found at all.
  if (!schema) return { out: "", error: `error: couldn't find resource for "${t.group}/${t.version}, Resource=${t.plural}"` };
  const header = `${t.group ? `GROUP:      ${t.group}\n` : ""}KIND:       ${t.kind}\nVERSION:    ${t.version}\n\n`;
  const body = output(schema, path, recursive, {});
  if (!body) return { out: header, error: `error: field "${path.at(-1)}" does not exist` };
  return { out: `${header}${body}\n` };
}
