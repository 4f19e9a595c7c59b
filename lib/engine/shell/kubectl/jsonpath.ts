// kubectl's JSONPath templates (-o jsonpath=...): literal text and {actions} with field
// paths (.a.b, ['a.b']), indexes and slices ([0], [-1], [*], [1:3]), recursive descent
// (..name), filters ([?(@.status.phase=="Running")]), {range ...}{end} and quoted
// literals such as {"\n"}. Missing keys print nothing, as with kubectl's
// --allow-missing-template-keys (on by default).

export class JsonPathError extends Error {
  override name = "JsonPathError";
}

type Node = { text: string } | { path: string } | { range: string; body: Node[] };

function unquote(literal: string): string {
  try {
    return JSON.parse(literal) as string;
  } catch {
    throw new JsonPathError(`invalid literal ${literal}`);
  }
}

function parseTemplate(template: string): Node[] {
  const stack: Array<{ nodes: Node[]; range?: string }> = [{ nodes: [] }];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf("{", i);
    if (open < 0) {
      stack.at(-1)!.nodes.push({ text: template.slice(i) });
      break;
    }
    if (open > i) stack.at(-1)!.nodes.push({ text: template.slice(i, open) });
    // A quoted literal may contain braces.
    let close = open + 1;
    let quote: string | undefined;
    for (; close < template.length; close++) {
      const c = template[close]!;
      if (quote) {
        if (c === "\\") close++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") quote = c;
      else if (c === "}") break;
    }
    if (close >= template.length) throw new JsonPathError(`unclosed action`);
    const action = template.slice(open + 1, close).trim();
    i = close + 1;
    if (action.startsWith("range ")) stack.push({ nodes: [], range: action.slice(6).trim() });
    else if (action === "end") {
      const top = stack.pop();
      if (!top || top.range === undefined) throw new JsonPathError("not in range, nothing to end");
      stack.at(-1)!.nodes.push({ range: top.range, body: top.nodes });
    } else if (/^".*"$/s.test(action)) stack.at(-1)!.nodes.push({ text: unquote(action) });
    else if (/^'.*'$/s.test(action)) stack.at(-1)!.nodes.push({ text: action.slice(1, -1) });
    else stack.at(-1)!.nodes.push({ path: action });
  }
  if (stack.length !== 1) throw new JsonPathError("unclosed range");
  return stack[0]!.nodes;
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === "object") return Object.values(value as object);
  return [];
}

function descend(value: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown) => {
    if (v !== null && typeof v === "object" && !Array.isArray(v) && key in (v as object)) out.push((v as Record<string, unknown>)[key]);
    for (const c of children(v)) walk(c);
  };
  walk(value);
  return out;
}

function filterHolds(item: unknown, expr: string): boolean {
  const m = /^@((?:\.[\w-]+)+)\s*(==|!=|<|>|<=|>=)?\s*(.*)$/.exec(expr.trim());
  if (!m) throw new JsonPathError(`unrecognized filter ${expr}`);
  const value = m[1]!
    .slice(1)
    .split(".")
    .reduce<unknown>((v, k) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), item);
  if (!m[2]) return value !== undefined;
  const raw = m[3]!.trim();
  const target = /^["'].*["']$/.test(raw) ? raw.slice(1, -1) : Number(raw);
  switch (m[2]) {
    case "==":
      return String(value) === String(target);
    case "!=":
      return String(value) !== String(target);
    case "<":
      return Number(value) < Number(target);
    case ">":
      return Number(value) > Number(target);
    case "<=":
      return Number(value) <= Number(target);
    default:
      return Number(value) >= Number(target);
  }
}

/** Evaluates one path (".items[*].metadata.name") against the current values. */
function evaluate(path: string, current: unknown[]): unknown[] {
  let values = current;
  let i = 0;
  const p = path.trim();
  if (p === "@" || p === "$" || p === "") return values;
  if (p.startsWith("$")) i = 1;
  while (i < p.length) {
    if (p.startsWith("..", i)) {
      const m = /^\.\.([\w-]+)/.exec(p.slice(i));
      if (!m) throw new JsonPathError(`unrecognized identifier in ${path}`);
      values = values.flatMap((v) => descend(v, m[1]!));
      i += m[0].length;
    } else if (p[i] === ".") {
      const m = /^\.([\w-]+)/.exec(p.slice(i));
      if (!m) {
        i++;
        continue;
      }
      values = values.flatMap((v) =>
        v !== null && typeof v === "object" && !Array.isArray(v) && m[1]! in (v as object) ? [(v as Record<string, unknown>)[m[1]!]] : [],
      );
      i += m[0].length;
    } else if (p[i] === "[") {
      const close = p.indexOf("]", i);
      if (close < 0) throw new JsonPathError(`unterminated array in ${path}`);
      const inside = p.slice(i + 1, close).trim();
      i = close + 1;
      if (inside === "*") values = values.flatMap(children);
      else if (/^'.*'$|^".*"$/.test(inside)) {
        const key = inside.slice(1, -1);
        values = values.flatMap((v) =>
          v !== null && typeof v === "object" && key in (v as object) ? [(v as Record<string, unknown>)[key]] : [],
        );
      } else if (inside.startsWith("?(") && inside.endsWith(")"))
        values = values.flatMap((v) => children(v).filter((item) => filterHolds(item, inside.slice(2, -1))));
      else if (/^-?\d*:-?\d*$/.test(inside)) {
        const [a, b] = inside.split(":");
        values = values.flatMap((v) => (Array.isArray(v) ? v.slice(a ? Number(a) : 0, b ? Number(b) : undefined) : []));
      } else if (/^-?\d+$/.test(inside)) {
        const n = Number(inside);
        values = values.flatMap((v) => (Array.isArray(v) && v.at(n) !== undefined ? [v.at(n)] : []));
      } else throw new JsonPathError(`invalid array index ${inside}`);
    } else
      throw new JsonPathError(
        `unrecognized character in action: U+${p.charCodeAt(i).toString(16).toUpperCase().padStart(4, "0")} '${p[i]}'`,
      );
  }
  return values;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function render(nodes: Node[], current: unknown): string {
  let out = "";
  for (const n of nodes) {
    if ("text" in n) out += n.text;
    else if ("path" in n) out += evaluate(n.path, [current]).map(text).join(" ");
    else for (const item of evaluate(n.range, [current])) out += render(n.body, item);
  }
  return out;
}

/** kubectl -o jsonpath=TEMPLATE over an object (or a List). */
export function jsonpath(template: string, value: unknown): string {
  return render(parseTemplate(template), value);
}

/**
 * The values one relaxed JSONPath expression selects (".metadata.name", "metadata.name" or
 * "{.metadata.name}"), as -o custom-columns evaluates each column.
 */
export function jsonpathValues(expression: string, value: unknown): unknown[] {
  let e = expression.trim();
  if (e.startsWith("{") && e.endsWith("}")) e = e.slice(1, -1);
  if (!e.startsWith(".") && !e.startsWith("$") && !e.startsWith("[")) e = `.${e}`;
  return evaluate(e, [value]);
}
