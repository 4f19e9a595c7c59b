// Label and field selectors as the API server applies them to lists and watches.

import type { KubeObject } from "./store";

/** Label selectors: a=b, a==b, a!=b, a, !a, a in (x,y), a notin (x,y), joined by commas. */
export function matchesLabels(obj: KubeObject, selector: string): boolean {
  if (!selector) return true;
  const labels = obj.metadata.labels ?? {};
  const terms = selector.match(/(?:[^,(]|\([^)]*\))+/g) ?? [];
  return terms.every((term) => {
    const t = term.trim();
    let m: RegExpExecArray | null;
    if ((m = /^(\S+)\s+(in|notin)\s+\((.*)\)$/.exec(t))) {
      const values = m[3]!.split(",").map((v) => v.trim());
      const has = m[1]! in labels && values.includes(labels[m[1]!]!);
      return m[2] === "in" ? has : !has;
    }
    if ((m = /^([^!=]+)!=(.*)$/.exec(t))) return labels[m[1]!.trim()] !== m[2]!.trim();
    if ((m = /^([^!=]+)==?(.*)$/.exec(t))) return labels[m[1]!.trim()] === m[2]!.trim();
    if (t.startsWith("!")) return !(t.slice(1).trim() in labels);
    return t in labels;
  });
}

/** Field selectors: path=value, path==value, path!=value over the object's fields (metadata.name, status.phase, spec.nodeName...). */
export function matchesFields(obj: KubeObject, selector: string): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const m = /^([^!=]+)(!=|==|=)(.*)$/.exec(term.trim());
    if (!m) return false;
    const value = m[1]!
      .split(".")
      .reduce<unknown>((v, p) => (v && typeof v === "object" ? (v as Record<string, unknown>)[p] : undefined), obj);
    const equal = String(value ?? "") === m[3];
    return m[2] === "!=" ? !equal : equal;
  });
}
