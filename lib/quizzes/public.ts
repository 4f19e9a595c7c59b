// What the browser may see of a quiz before answering: prompts and choices, never keys or
// explanations. Choices and items come in an order drawn from the attempt's seed, so an
// ordering question does not arrive in its answer's order, and a reload shows the same order.

import { Rng } from "../engine/sim/rng";
import type { Choice, Locale, Question, QuizDefinition } from "./types";

export interface PublicChoice {
  id: string;
  text: string;
}

export type PublicQuestion = {
  id: string;
  section: string;
  prompt: string;
  points: number;
} & (
  | { type: "single" | "multiple"; choices: PublicChoice[] }
  | { type: "truefalse" }
  | { type: "ordering"; items: PublicChoice[] }
  | { type: "matching"; prompts: PublicChoice[]; options: PublicChoice[] }
  | { type: "numeric"; unit?: string }
  | { type: "text" }
  | { type: "lab"; lab: string }
);

export interface PublicQuiz {
  slug: string;
  lesson: string;
  title: string;
  description: string;
  questions: PublicQuestion[];
}

/** Fisher–Yates with the attempt's stream for this question. */
function shuffled(choices: Choice[], rng: Rng, locale: Locale): PublicChoice[] {
  const out = choices.map((c) => ({ id: c.id, text: c.text[locale] }));
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.intn(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export function publicQuestion(q: Question, locale: Locale, seed: number): PublicQuestion {
  const rng = new Rng(seed).fork(q.id);
  const base = { id: q.id, section: q.section, prompt: q.prompt[locale], points: q.points ?? 1 };
  switch (q.type) {
    case "single":
    case "multiple":
      return { ...base, type: q.type, choices: shuffled(q.choices, rng, locale) };
    case "truefalse":
    case "text":
      return { ...base, type: q.type };
    case "ordering": {
      // A shuffle that lands on the answer would give it away: draw again (two items can only swap).
      let items = shuffled(q.items, rng, locale);
      for (let i = 0; i < 8 && items.every((it, k) => it.id === q.items[k]!.id); i++) items = shuffled(q.items, rng, locale);
      if (items.every((it, k) => it.id === q.items[k]!.id)) items.reverse();
      return { ...base, type: "ordering", items };
    }
    case "matching":
      return {
        ...base,
        type: "matching",
        prompts: q.prompts.map((p) => ({ id: p.id, text: p.text[locale] })),
        options: shuffled(q.options, rng, locale),
      };
    case "numeric":
      return { ...base, type: "numeric", unit: q.unit?.[locale] };
    case "lab":
      return { ...base, type: "lab", lab: q.lab };
  }
}

export function publicQuiz(quiz: QuizDefinition, locale: Locale, seed: number): PublicQuiz {
  return {
    slug: quiz.slug,
    lesson: quiz.lesson,
    title: quiz.title[locale],
    description: quiz.description[locale],
    questions: quiz.questions.map((q) => publicQuestion(q, locale, seed)),
  };
}
