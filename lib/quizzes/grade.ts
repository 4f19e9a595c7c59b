// Grading: a learner's response to one question, checked against the key. Pure functions of
// the definition and the response; the lab question's replay happens in lib/quizzes/lab-answer.ts
// and comes here as a boolean. Responses arrive validated by `responseSchema` (zod), so a
// malformed one never reaches a grader.

import { z } from "zod";
import type { Question } from "./types";

/** Characters of a short text answer. */
export const MAX_TEXT_ANSWER_CHARS = 200;
/** Ids in a response (choices, items, pairs): more than any question has. */
const MAX_IDS = 50;

const id = z.string().min(1).max(64);

/** The response shapes, one per question type. */
export const responseSchemas = {
  single: z.strictObject({ choice: id }),
  multiple: z.strictObject({ choices: z.array(id).max(MAX_IDS) }),
  truefalse: z.strictObject({ value: z.boolean() }),
  ordering: z.strictObject({ order: z.array(id).max(MAX_IDS) }),
  matching: z.strictObject({ pairs: z.record(id, id).refine((r) => Object.keys(r).length <= MAX_IDS, "too many pairs") }),
  numeric: z.strictObject({ value: z.number().finite() }),
  text: z.strictObject({ text: z.string().max(MAX_TEXT_ANSWER_CHARS) }),
  /** The lab run itself is validated by lib/labs/session.ts's runProblem. */
  lab: z.strictObject({ run: z.unknown(), endMs: z.number().int().min(0).optional() }),
} as const;

export type Response<T extends Question["type"] = Question["type"]> = z.infer<(typeof responseSchemas)[T]>;

/** Parses a response for `question`; an error message in plain words when it does not fit. */
export function parseResponse(question: Question, raw: unknown): { ok: true; response: Response } | { ok: false; error: string } {
  const parsed = responseSchemas[question.type].safeParse(raw);
  if (!parsed.success) return { ok: false, error: `not an answer to a ${question.type} question` };
  const response = parsed.data as Response;
  if (namesUnknownIds(question, response)) return { ok: false, error: "the answer names a choice the question does not have" };
  return { ok: true, response };
}

/** Whether a response refers to a choice, item or pair side the question does not have. */
function namesUnknownIds(q: Question, r: Response): boolean {
  const outside = (ids: string[], known: { id: string }[]) => ids.some((x) => !known.some((k) => k.id === x));
  switch (q.type) {
    case "single":
      return outside([(r as Response<"single">).choice], q.choices);
    case "multiple":
      return outside((r as Response<"multiple">).choices, q.choices);
    case "ordering":
      return outside((r as Response<"ordering">).order, q.items);
    case "matching": {
      const pairs = (r as Response<"matching">).pairs;
      return outside(Object.keys(pairs), q.prompts) || outside(Object.values(pairs), q.options);
    }
    default:
      return false;
  }
}

/**
 * The share of the question's points a response earns, 0 to 1. Partial credit where a part can
 * be right on its own (multiple choice, ordering, matching), all or nothing elsewhere.
 */
export function gradeResponse(q: Question, r: Response, labPassed = false): number {
  switch (q.type) {
    case "single":
      return (r as Response<"single">).choice === q.answer ? 1 : 0;
    case "multiple": {
      // Moodle's rule: each right choice ticked earns 1/right, each wrong one costs 1/wrong.
      const ticked = new Set((r as Response<"multiple">).choices);
      const right = new Set(q.answer);
      const wrongCount = q.choices.length - right.size;
      let credit = 0;
      for (const c of ticked) credit += right.has(c) ? 1 / right.size : wrongCount > 0 ? -1 / wrongCount : 0;
      return clamp(credit);
    }
    case "truefalse":
      return (r as Response<"truefalse">).value === q.answer ? 1 : 0;
    case "ordering": {
      const order = (r as Response<"ordering">).order;
      // Each item must appear once: a response that repeats or omits items earns nothing.
      if (order.length !== q.items.length || new Set(order).size !== order.length) return 0;
      return q.items.filter((item, i) => order[i] === item.id).length / q.items.length;
    }
    case "matching": {
      const pairs = (r as Response<"matching">).pairs;
      return q.prompts.filter((p) => pairs[p.id] === q.answer[p.id]).length / q.prompts.length;
    }
    case "numeric":
      return Math.abs((r as Response<"numeric">).value - q.answer) <= q.tolerance ? 1 : 0;
    case "text": {
      const text = (r as Response<"text">).text.trim().replace(/\s+/g, " ");
      return q.accept.some((source) => new RegExp(`^(?:${source})$`, "i").test(text)) ? 1 : 0;
    }
    case "lab":
      return labPassed ? 1 : 0;
  }
}

function clamp(x: number): number {
  // Floating sums of thirds land a hair off 1: round to a millionth.
  return Math.min(1, Math.max(0, Math.round(x * 1e6) / 1e6));
}

/** The key as the feedback shows it, once the learner has answered. */
export type PublicKey =
  | { type: "single"; choice: string }
  | { type: "multiple"; choices: string[] }
  | { type: "truefalse"; value: boolean }
  | { type: "ordering"; order: string[] }
  | { type: "matching"; pairs: Record<string, string> }
  | { type: "numeric"; value: number; tolerance: number }
  | { type: "text"; text: string }
  | { type: "lab" };

export function publicKey(q: Question, locale: "ru" | "en"): PublicKey {
  switch (q.type) {
    case "single":
      return { type: "single", choice: q.answer };
    case "multiple":
      return { type: "multiple", choices: [...q.answer] };
    case "truefalse":
      return { type: "truefalse", value: q.answer };
    case "ordering":
      return { type: "ordering", order: q.items.map((i) => i.id) };
    case "matching":
      return { type: "matching", pairs: { ...q.answer } };
    case "numeric":
      return { type: "numeric", value: q.answer, tolerance: q.tolerance };
    case "text":
      return { type: "text", text: q.canonical[locale] };
    case "lab":
      return { type: "lab" };
  }
}

/** What a response looks like in the item analysis' answer distribution: one short label. */
export function responseLabel(q: Question, r: Response): string {
  switch (q.type) {
    case "single":
      return (r as Response<"single">).choice;
    case "multiple":
      return [...(r as Response<"multiple">).choices].sort().join("+") || "(none)";
    case "truefalse":
      return String((r as Response<"truefalse">).value);
    case "ordering":
      return (r as Response<"ordering">).order.join(">");
    case "matching":
      return q.prompts.map((p) => `${p.id}=${(r as Response<"matching">).pairs[p.id] ?? "-"}`).join(",");
    case "numeric":
      return String((r as Response<"numeric">).value);
    case "text":
      return (r as Response<"text">).text.trim().toLowerCase().replace(/\s+/g, " ").slice(0, 60);
    case "lab":
      return "run";
  }
}
