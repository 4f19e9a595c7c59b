// Command-line flags as spf13/pflag parses them for etcdctl's cobra commands: --name=value,
// --name value, -n value, -nvalue, booleans with an optional =true/false, `--` ending
// the flags, flags interspersed with arguments, and pflag's own error messages.

export type FlagType = "bool" | "string" | "int" | "uint" | "duration" | "stringSlice" | "stringArray";

/** How a repeated stringArray flag's values are joined (values may hold commas and newlines). */
export const ARRAY_SEPARATOR = "\u0000";

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default: string;
  /** The value of a non-boolean flag given without one (pflag's NoOptDefVal). */
  noOptDefault?: string;
}

export class FlagError extends Error {
  override name = "FlagError";
}

export type FlagValues = Map<string, string>;

/** Go's strconv error for a number that does not parse. */
function parseIntError(fn: string, text: string): string {
  return `strconv.${fn}: parsing ${goQuoteSimple(text)}: invalid syntax`;
}

function goQuoteSimple(s: string): string {
  return JSON.stringify(s);
}

/** A Go time.Duration as milliseconds, or the error message time.ParseDuration gives. */
export function parseGoDuration(text: string): number | string {
  if (text === "0") return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/gy;
  let rest = text;
  let sign = 1;
  if (rest.startsWith("-") || rest.startsWith("+")) {
    sign = rest.startsWith("-") ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === "") return `time: invalid duration ${goQuoteSimple(text)}`;
  let total = 0;
  let pos = 0;
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  while (pos < rest.length) {
    re.lastIndex = pos;
    const m = re.exec(rest);
    if (!m) {
      if (/^\d+(?:\.\d*)?$/.test(rest.slice(pos))) return `time: missing unit in duration ${goQuoteSimple(text)}`;
      const unit = /^[\d.]+([^\d.]+)/.exec(rest.slice(pos));
      if (unit) return `time: unknown unit ${goQuoteSimple(unit[1]!)} in duration ${goQuoteSimple(text)}`;
      return `time: invalid duration ${goQuoteSimple(text)}`;
    }
    total += Number(m[1]) * units[m[2]!]!;
    pos = re.lastIndex;
  }
  return sign * total;
}

function validate(spec: FlagSpec, value: string): string | undefined {
  switch (spec.type) {
    case "bool":
      return /^(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$/.test(value) ? undefined : parseIntError("ParseBool", value);
    case "int":
      return /^[+-]?\d+$/.test(value) ? undefined : parseIntError("ParseInt", value);
    case "uint":
      return /^\+?\d+$/.test(value) ? undefined : parseIntError("ParseUint", value);
    case "duration": {
      const d = parseGoDuration(value);
      return typeof d === "string" ? d : undefined;
    }
    default:
      return undefined;
  }
}

export function boolValue(value: string | undefined): boolean {
  return value !== undefined && /^(1|t|T|TRUE|true|True)$/.test(value);
}

function flagLabel(spec: FlagSpec): string {
  return spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
}

/**
 * Parses `args` against the flags; returns the positional arguments and the values set
 * (defaults are not filled in: see `get`). A string slice accumulates comma-separated values.
 */
export function parseFlags(args: string[], specs: readonly FlagSpec[]): { positional: string[]; values: FlagValues } {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values: FlagValues = new Map();
  const positional: string[] = [];
  const set = (spec: FlagSpec, value: string) => {
    const problem = validate(spec, value);
    if (problem) throw new FlagError(`invalid argument ${goQuoteSimple(value)} for ${goQuoteSimple(flagLabel(spec))} flag: ${problem}`);
    if (spec.type === "stringSlice" && values.has(spec.name)) values.set(spec.name, `${values.get(spec.name)},${value}`);
    else if (spec.type === "stringArray" && values.has(spec.name))
      values.set(spec.name, `${values.get(spec.name)}${ARRAY_SEPARATOR}${value}`);
    else values.set(spec.name, value);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith("--")) {
      const eq = a.indexOf("=");
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) set(spec, a.slice(eq + 1));
      else if (spec.type === "bool") set(spec, "true");
      else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault);
      else if (i + 1 < args.length) set(spec, args[++i]!);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j]!;
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        if (a[j + 1] === "=") {
          set(spec, a.slice(j + 2));
          break;
        }
        if (spec.type === "bool") {
          set(spec, "true");
          continue;
        }
        if (j + 1 < a.length) set(spec, a.slice(j + 1));
        else if (i + 1 < args.length) set(spec, args[++i]!);
        else throw new FlagError(`flag needs an argument: '${c}' in ${a}`);
        break;
      }
      continue;
    }
    positional.push(a);
  }
  return { positional, values };
}
