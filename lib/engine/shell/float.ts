// printf's floating point conversions. bash reads their arguments with strtold and prints
// them with glibc's printf, in x86's 80-bit long double, so a double would give other
// digits past the 16th (`printf '%.20f' 0.1`). This keeps the value exactly as a 64-bit
// mantissa and a binary exponent and does the decimal arithmetic on big integers.

import { isHex } from "./scan";

export type LongDouble =
  /** mant × 2^exp, with mant below 2^64 (normalized to 2^63 and up, but for zero and the smallest values). */
  { kind: "finite"; neg: boolean; mant: bigint; exp: number } | { kind: "inf"; neg: boolean } | { kind: "nan"; neg: boolean };

export interface FloatSpec {
  flags: string;
  width: number;
  precision: number | undefined;
}

const MANT_BITS = 64;
/** Exponents of the mantissa's lowest bit: the largest finite value's and the smallest subnormal's. */
const MAX_EXP = 16383 - 63;
const MIN_EXP = -16382 - 63;

const ZERO = (neg: boolean): LongDouble => ({ kind: "finite", neg, mant: 0n, exp: 0 });

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** n / d rounded to the nearest integer, ties to even (the default rounding mode). */
function roundDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  const twice = 2n * (n - q * d);
  return twice > d || (twice === d && q % 2n === 1n) ? q + 1n : q;
}

/** The long double nearest to n / d (n, d > 0), and whether it overflowed or underflowed (ERANGE). */
function fromRatio(neg: boolean, n: bigint, d: bigint): { value: LongDouble; erange: boolean } {
  let exp = bitLength(n) - bitLength(d) - MANT_BITS;
  const scaled = (e: number): [bigint, bigint] => (e >= 0 ? [n, d << BigInt(e)] : [n << BigInt(-e), d]);
  for (;;) {
    const [sn, sd] = scaled(exp);
    if (sn >= sd << BigInt(MANT_BITS)) exp++;
    else if (sn < sd << BigInt(MANT_BITS - 1)) exp--;
    else break;
  }
  const subnormal = exp < MIN_EXP;
  if (subnormal) exp = MIN_EXP;
  const [sn, sd] = scaled(exp);
  let mant = roundDiv(sn, sd);
  if (mant === 1n << BigInt(MANT_BITS)) {
    mant >>= 1n;
    exp++;
  }
  if (exp > MAX_EXP) return { value: { kind: "inf", neg }, erange: true };
  const inexact = mant * sd !== sn;
  if (mant === 0n) return { value: ZERO(neg), erange: true };
  return { value: { kind: "finite", neg, mant, exp }, erange: subnormal && inexact };
}

/** glibc's strtold in the C locale: the value, where the number ends (0 if there was none) and ERANGE. */
export function strtold(s: string): { value: LongDouble; end: number; erange: boolean } {
  let i = 0;
  while (i < s.length && " \t\n\v\f\r".includes(s[i]!)) i++;
  const neg = s[i] === "-";
  if (s[i] === "-" || s[i] === "+") i++;
  const lower = s.slice(i, i + 8).toLowerCase();
  if (lower.startsWith("inf")) return { value: { kind: "inf", neg }, end: i + (lower === "infinity" ? 8 : 3), erange: false };
  if (lower.startsWith("nan")) {
    const payload = /^\([0-9A-Za-z_]*\)/.exec(s.slice(i + 3));
    return { value: { kind: "nan", neg }, end: i + 3 + (payload ? payload[0].length : 0), erange: false };
  }

  const hex = s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X") && (isHex(s[i + 2]) || (s[i + 2] === "." && isHex(s[i + 3])));
  const m = (hex ? /^([0-9A-Fa-f]*)(?:\.([0-9A-Fa-f]*))?/ : /^(\d*)(?:\.(\d*))?/).exec(s.slice(hex ? i + 2 : i))!;
  const whole = m[1]!;
  const frac = m[2] ?? "";
  if (whole === "" && frac === "") return { value: ZERO(false), end: 0, erange: false };
  let end = (hex ? i + 2 : i) + m[0].length;
  const e = (hex ? /^[pP]([+-]?\d+)/ : /^[eE]([+-]?\d+)/).exec(s.slice(end));
  let exponent = 0;
  if (e) {
    exponent = Number(e[1]);
    end += e[0].length;
  }

  const digits = (whole + frac).replace(/^0+/, "");
  if (digits === "") return { value: ZERO(neg), end, erange: false };
  // Scale of the lowest digit, in bits for hex and in decimal digits otherwise.
  const scale = exponent - (hex ? 4 * frac.length : frac.length);
  // Far outside the range there is no need for the exact value (and no room for it).
  const magnitude = hex ? (scale + 4 * digits.length) * Math.LOG10E * Math.LN2 : scale + digits.length;
  if (magnitude > 4940) return { value: { kind: "inf", neg }, end, erange: true };
  if (magnitude < -4960) return { value: ZERO(neg), end, erange: true };
  const n = BigInt(hex ? `0x${digits}` : digits);
  const base = hex ? 2n : 10n;
  const r = scale >= 0 ? fromRatio(neg, n * base ** BigInt(scale), 1n) : fromRatio(neg, n, base ** BigInt(-scale));
  return { ...r, end };
}

/** A long double holding an integer (a character's code). */
export function longDoubleOf(n: bigint): LongDouble {
  if (n === 0n) return ZERO(false);
  return fromRatio(n < 0n, n < 0n ? -n : n, 1n).value;
}

function ratio(v: Extract<LongDouble, { kind: "finite" }>): [bigint, bigint] {
  return v.exp >= 0 ? [v.mant << BigInt(v.exp), 1n] : [v.mant, 1n << BigInt(-v.exp)];
}

/** n/d × 10^k rounded, for any sign of k. */
function scaledRound(n: bigint, d: bigint, k: number): bigint {
  return k >= 0 ? roundDiv(n * 10n ** BigInt(k), d) : roundDiv(n, d * 10n ** BigInt(-k));
}

/** The digits %e prints with `precision` decimals: precision + 1 of them, and the power of ten of the first. */
function scientific(n: bigint, d: bigint, precision: number): { digits: string; exp10: number } {
  if (n === 0n) return { digits: "0".repeat(precision + 1), exp10: 0 };
  let e = Math.floor((bitLength(n) - bitLength(d)) * Math.LOG10E * Math.LN2);
  const atLeast = (k: number) => (k >= 0 ? n >= d * 10n ** BigInt(k) : n * 10n ** BigInt(-k) >= d);
  while (!atLeast(e)) e--;
  while (atLeast(e + 1)) e++;
  let r = scaledRound(n, d, precision - e);
  if (r === 10n ** BigInt(precision + 1)) {
    e++;
    r = 10n ** BigInt(precision);
  }
  return { digits: r.toString(), exp10: e };
}

function fixed(n: bigint, d: bigint, precision: number, alt: boolean): string {
  const digits = scaledRound(n, d, precision)
    .toString()
    .padStart(precision + 1, "0");
  const point = digits.length - precision;
  return digits.slice(0, point) + (precision > 0 || alt ? `.${digits.slice(point)}` : "");
}

function exponential(n: bigint, d: bigint, precision: number, alt: boolean, e: string): string {
  const { digits, exp10 } = scientific(n, d, precision);
  const mantissa = digits[0]! + (precision > 0 || alt ? `.${digits.slice(1)}` : "");
  return `${mantissa}${e}${exp10 < 0 ? "-" : "+"}${String(Math.abs(exp10)).padStart(2, "0")}`;
}

/** %a as glibc prints an x86 long double: the mantissa's top nibble before the point. */
function hexadecimal(v: Extract<LongDouble, { kind: "finite" }>, precision: number | undefined, alt: boolean): string {
  if (v.mant === 0n) return `0x0${precision || alt ? `.${"0".repeat(precision ?? 0)}` : ""}p+0`;
  const nibbles = v.mant.toString(16).padStart(16, "0");
  let lead = parseInt(nibbles[0]!, 16);
  let exp = v.exp + 60;
  let frac = nibbles.slice(1).replace(/0+$/, "");
  if (precision !== undefined && precision < frac.length) {
    const next = parseInt(frac[precision]!, 16);
    const last = precision > 0 ? parseInt(frac[precision - 1]!, 16) : lead;
    // Ties (a lone 8 after the kept digits) go to the even digit.
    const up = next > 8 || (next === 8 && (frac.length > precision + 1 || last % 2 === 1));
    frac = frac.slice(0, precision);
    if (up) {
      const bumped = precision > 0 ? (BigInt(`0x${frac}`) + 1n).toString(16).padStart(precision, "0") : "1";
      if (bumped.length > precision) {
        frac = "0".repeat(precision);
        lead++;
        if (lead === 16) {
          lead = 1;
          exp += 4;
        }
      } else frac = bumped;
    }
  } else if (precision !== undefined) frac = frac.padEnd(precision, "0");
  return `0x${lead.toString(16)}${frac !== "" || alt ? `.${frac}` : ""}p${exp < 0 ? "-" : "+"}${Math.abs(exp)}`;
}

/** %g drops the zeros that end the fraction, and a point left alone. */
function trimZeros(s: string): string {
  const [mantissa, exponent] = s.split("e") as [string, string | undefined];
  const trimmed = mantissa.includes(".") ? mantissa.replace(/0+$/, "").replace(/\.$/, "") : mantissa;
  return exponent === undefined ? trimmed : `${trimmed}e${exponent}`;
}

/** One floating point conversion (f F e E g G a A) with its flags, width and precision. */
export function formatFloat(v: LongDouble, conv: string, spec: FloatSpec): string {
  const upper = conv === conv.toUpperCase();
  const alt = spec.flags.includes("#");
  const sign = v.neg ? "-" : spec.flags.includes("+") ? "+" : spec.flags.includes(" ") ? " " : "";
  let body: string;
  let prefix = sign;
  if (v.kind !== "finite") body = v.kind;
  else {
    const [n, d] = ratio(v);
    const c = conv.toLowerCase();
    if (c === "f") body = fixed(n, d, spec.precision ?? 6, alt);
    else if (c === "e") body = exponential(n, d, spec.precision ?? 6, alt, "e");
    else if (c === "g") {
      const p = spec.precision === 0 ? 1 : (spec.precision ?? 6);
      const x = scientific(n, d, p - 1).exp10;
      body = p > x && x >= -4 ? fixed(n, d, p - 1 - x, alt) : exponential(n, d, p - 1, alt, "e");
      if (!alt) body = trimZeros(body);
    } else {
      body = hexadecimal(v, spec.precision, alt).slice(2);
      prefix += "0x";
    }
  }
  if (upper) {
    body = body.toUpperCase();
    prefix = prefix.toUpperCase();
  }
  const pad = spec.width - prefix.length - body.length;
  if (pad <= 0) return prefix + body;
  if (spec.flags.includes("-")) return prefix + body + " ".repeat(pad);
  if (spec.flags.includes("0") && v.kind === "finite") return prefix + "0".repeat(pad) + body;
  return " ".repeat(pad) + prefix + body;
}
