// Grading, the public projection and the item analysis, on a small quiz written for the test.
import { describe, expect, it } from "vitest";
import { gradeResponse, parseResponse, publicKey, responseLabel, type Response } from "@/lib/quizzes/grade";
import { itemAnalysis, type AttemptScores } from "@/lib/quizzes/item-analysis";
import { publicQuestion } from "@/lib/quizzes/public";
import type { Question } from "@/lib/quizzes/types";

const L = (en: string) => ({ en, ru: en });
const base = { section: "s", prompt: L("?"), explanation: L("because") };
const choices = ["a", "b", "c", "d"].map((id) => ({ id, text: L(id.toUpperCase()) }));

const single: Question = { ...base, id: "single", type: "single", choices, answer: "c" };
const multiple: Question = { ...base, id: "multiple", type: "multiple", choices, answer: ["a", "b"] };
const ordering: Question = { ...base, id: "ordering", type: "ordering", items: choices };
const matching: Question = {
  ...base,
  id: "matching",
  type: "matching",
  prompts: choices.slice(0, 3),
  options: [
    { id: "x", text: L("X") },
    { id: "y", text: L("Y") },
  ],
  answer: { a: "x", b: "y", c: "x" },
};
const numeric: Question = { ...base, id: "numeric", type: "numeric", answer: 2, tolerance: 0 };
const text: Question = {
  ...base,
  id: "text",
  type: "text",
  accept: ["(etcdctl\\s+)?snapshot\\s+save"],
  canonical: L("etcdctl snapshot save"),
};

function grade(q: Question, raw: unknown): number {
  const parsed = parseResponse(q, raw);
  if (!parsed.ok) throw new Error(parsed.error);
  return gradeResponse(q, parsed.response);
}

describe("grading", () => {
  it("grades single choice, true/false, numeric with tolerance and text patterns all or nothing", () => {
    expect(grade(single, { choice: "c" })).toBe(1);
    expect(grade(single, { choice: "a" })).toBe(0);
    expect(grade(numeric, { value: 2 })).toBe(1);
    expect(grade(numeric, { value: 3 })).toBe(0);
    expect(grade({ ...numeric, answer: 1.5, tolerance: 0.1 }, { value: 1.58 })).toBe(1);
    expect(grade(text, { text: "  Etcdctl   SNAPSHOT save " })).toBe(1);
    expect(grade(text, { text: "snapshot save now" })).toBe(0);
  });

  it("gives partial credit where parts can be right on their own", () => {
    expect(grade(multiple, { choices: ["a", "b"] })).toBe(1);
    expect(grade(multiple, { choices: ["a"] })).toBe(0.5);
    // One right, one wrong: 1/2 − 1/2.
    expect(grade(multiple, { choices: ["a", "c"] })).toBe(0);
    expect(grade(multiple, { choices: ["a", "b", "c", "d"] })).toBe(0);
    expect(grade(ordering, { order: ["a", "b", "d", "c"] })).toBe(0.5);
    expect(grade(ordering, { order: ["a", "a", "a", "a"] })).toBe(0);
    expect(grade(matching, { pairs: { a: "x", b: "x", c: "x" } })).toBeCloseTo(2 / 3);
  });

  it("refuses responses of the wrong shape or naming choices the question does not have", () => {
    expect(parseResponse(single, { choice: "z" })).toEqual({ ok: false, error: "the answer names a choice the question does not have" });
    expect(parseResponse(single, { choices: ["a"] })).toEqual({ ok: false, error: "not an answer to a single question" });
    expect(parseResponse(numeric, { value: "2" }).ok).toBe(false);
    expect(parseResponse(numeric, { value: Number.NaN }).ok).toBe(false);
    expect(parseResponse(matching, { pairs: { a: "z" } }).ok).toBe(false);
    expect(parseResponse(matching, { pairs: { q: "x" } }).ok).toBe(false);
    expect(parseResponse(text, { text: "x".repeat(201) }).ok).toBe(false);
    expect(parseResponse(text, { text: "ok", extra: 1 }).ok).toBe(false);
  });

  it("labels responses for the answer distribution", () => {
    expect(responseLabel(multiple, { choices: ["b", "a"] } as Response)).toBe("a+b");
    expect(responseLabel(matching, { pairs: { a: "x" } } as Response)).toBe("a=x,b=-,c=-");
    expect(publicKey(text, "en")).toEqual({ type: "text", text: "etcdctl snapshot save" });
  });
});

describe("the public projection", () => {
  it("carries no key, and shuffles the same way for the same attempt", () => {
    const q = publicQuestion(ordering, "en", 42);
    expect(JSON.stringify(q)).not.toContain("because");
    expect(q.type === "ordering" && q.items.map((i) => i.id)).not.toEqual(["a", "b", "c", "d"]);
    expect(publicQuestion(ordering, "en", 42)).toEqual(q);
    const m = publicQuestion(matching, "en", 7);
    expect(JSON.stringify(m)).not.toMatch(/"answer"/);
  });

  it("never shows an ordering question in its answer's order, whatever the seed", () => {
    const two: Question = { ...ordering, items: choices.slice(0, 2) };
    for (let seed = 0; seed < 200; seed++) {
      const q = publicQuestion(two, "en", seed);
      expect(q.type === "ordering" && q.items.map((i) => i.id)).toEqual(["b", "a"]);
    }
  });
});

describe("item analysis (Moodle's statistics)", () => {
  it("computes facility, standard deviation, discrimination and the answer distribution", () => {
    const weights = ["q1", "q2", "q3", "q4"].map((id) => ({ id, points: 1 }));
    // q1 and q4: the strong learners get them right; q2: everyone does; q3: only the weakest does.
    const attempts: AttemptScores[] = [
      { credit: { q1: 1, q2: 1, q3: 0, q4: 1 }, responses: { q1: "a", q2: "b", q3: "c", q4: "x" } },
      { credit: { q1: 1, q2: 1, q3: 0, q4: 1 }, responses: { q1: "a", q2: "b", q3: "c", q4: "x" } },
      { credit: { q1: 0, q2: 1, q3: 0, q4: 0 }, responses: { q1: "d", q2: "b", q3: "c" } },
      { credit: { q1: 0, q2: 1, q3: 1, q4: 0 }, responses: { q1: "d", q2: "b", q3: "a" } },
    ];
    const [q1, q2, q3] = itemAnalysis(weights, attempts);
    expect(q1!.facilityPercent).toBe(50);
    expect(q1!.sdPercent).toBeCloseTo(57.7, 1);
    expect(q1!.discriminationPercent).toBeGreaterThan(0);
    expect(q2!.facilityPercent).toBe(100);
    expect(q2!.discriminationPercent).toBeNull();
    expect(q3!.discriminationPercent).toBeLessThan(0);
    expect(itemAnalysis(weights, attempts)[3]!.answered).toBe(2);
    expect(q1!.distribution).toEqual([
      { response: "a", count: 2 },
      { response: "d", count: 2 },
    ]);
  });
});
