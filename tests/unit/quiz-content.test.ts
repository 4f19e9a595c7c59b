// The quiz as authored (content/quizzes/etcd/quiz.ts): enough questions of every type, in both
// languages, each tied to a real section of the lesson, with keys that refer to the question's own
// choices, and "do it in the lab" checks that fail on a fresh lab.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { quiz } from "@/content/quizzes/etcd/quiz";
import { findLab } from "@/lib/labs/registry";
import { LabSession } from "@/lib/labs/session";
import type { Question, QuestionType } from "@/lib/quizzes/types";

const lesson = (locale: string) => readFileSync(path.join(process.cwd(), "content", "lessons", quiz.lesson, `${locale}.mdx`), "utf8");
const headings = [...lesson("ru").matchAll(/^(#{2,3}) .*\{#([a-z0-9-]+)\}\s*$/gm)].map((m) => ({ depth: m[1]!.length, id: m[2]! }));
/** Each heading with the id of the `##` section it sits in. */
const sectionOf = new Map<string, string>();
let current = "";
for (const h of headings) {
  if (h.depth === 2) current = h.id;
  sectionOf.set(h.id, current);
}

const ids = (q: Question): string[] =>
  q.type === "single" || q.type === "multiple" ? q.choices.map((c) => c.id) : q.type === "ordering" ? q.items.map((c) => c.id) : [];

describe("the etcd quiz", () => {
  it("has at least 40 questions, with every type, unique ids and text in both languages", () => {
    expect(quiz.questions.length).toBeGreaterThanOrEqual(40);
    const types = new Set(quiz.questions.map((q) => q.type));
    for (const t of ["single", "multiple", "truefalse", "ordering", "matching", "numeric", "text", "lab"] satisfies QuestionType[])
      expect(types).toContain(t);
    expect(new Set(quiz.questions.map((q) => q.id)).size).toBe(quiz.questions.length);
    for (const q of quiz.questions) {
      for (const locale of ["ru", "en"] as const) {
        expect(q.prompt[locale].trim(), `${q.id} prompt ${locale}`).not.toBe("");
        expect(q.explanation[locale].trim(), `${q.id} explanation ${locale}`).not.toBe("");
      }
      expect(q.prompt.ru, `${q.id}: the Russian prompt is Russian`).toMatch(/[а-яё]/i);
    }
  });

  it("ties every question to a section of the lesson, and covers every section", () => {
    for (const q of quiz.questions) expect(sectionOf.has(q.section), `${q.id}: ${q.section}`).toBe(true);
    const covered = new Set(quiz.questions.map((q) => sectionOf.get(q.section)));
    for (const h of headings.filter((x) => x.depth === 2)) expect(covered, h.id).toContain(h.id);
  });

  it("has keys that refer to each question's own choices", () => {
    for (const q of quiz.questions) {
      expect(new Set(ids(q)).size, q.id).toBe(ids(q).length);
      if (q.type === "single") expect(ids(q), q.id).toContain(q.answer);
      if (q.type === "multiple") {
        expect(q.answer.length, q.id).toBeGreaterThan(0);
        for (const a of q.answer) expect(ids(q), q.id).toContain(a);
      }
      if (q.type === "ordering") expect(q.items.length, q.id).toBeGreaterThanOrEqual(3);
      if (q.type === "matching") {
        expect(Object.keys(q.answer).sort(), q.id).toEqual(q.prompts.map((p) => p.id).sort());
        for (const o of Object.values(q.answer))
          expect(
            q.options.map((x) => x.id),
            q.id,
          ).toContain(o);
      }
      if (q.type === "numeric") expect(q.tolerance, q.id).toBeGreaterThanOrEqual(0);
      if (q.type === "text") {
        for (const source of q.accept) expect(() => new RegExp(source, "i"), q.id).not.toThrow();
        // The answer the feedback shows is itself accepted.
        for (const locale of ["ru", "en"] as const)
          expect(
            q.accept.some((s) => new RegExp(`^(?:${s})$`, "i").test(q.canonical[locale].trim())),
            `${q.id} canonical ${locale}`,
          ).toBe(true);
      }
    }
  });

  it("has lab questions whose checks fail on a fresh lab", () => {
    for (const q of quiz.questions) {
      if (q.type !== "lab") continue;
      const def = findLab(q.lab);
      expect(def, q.lab).toBeDefined();
      const session = new LabSession(def!.seed, def!.topology, def!.slug);
      session.advance(3000);
      expect(q.check({ session, history: session.history }), q.id).toBe(false);
    }
  });
});
