// A quiz as its author writes it (content/quizzes/<slug>/quiz.ts): questions in Russian and
// English, each with its answer key and an explanation. The definition holds the keys, so it is
// imported by server code only (lib/quizzes/registry.ts is `server-only`); the browser gets the
// public projection (lib/quizzes/public.ts) and sees a key only in the feedback to its own answer.

import type { Check } from "../labs/types";

export type Locale = "ru" | "en";
export type Localized<T = string> = Record<Locale, T>;

/** A choice, an item to order, or one side of a matching pair: a stable id and its text. */
export interface Choice {
  /** Stable within the question: answers and statistics refer to it. */
  id: string;
  text: Localized;
}

interface QuestionBase {
  /** Stable within the quiz: attempts and statistics refer to it. Never reuse a removed id. */
  id: string;
  /** The lesson section it checks: a heading id of content/lessons/<lesson>/<locale>.mdx. */
  section: string;
  /** Markdown-free text; `code` spans in backticks are shown as code. */
  prompt: Localized;
  /** Shown after the answer: why the key is right (and the common wrong answer wrong). */
  explanation: Localized;
  /** Weight in the quiz's score; 1 unless said. */
  points?: number;
}

export interface SingleChoiceQuestion extends QuestionBase {
  type: "single";
  choices: Choice[];
  answer: string;
}

/** Partial credit: each right choice ticked earns a share, each wrong one costs a share (never below 0). */
export interface MultipleChoiceQuestion extends QuestionBase {
  type: "multiple";
  choices: Choice[];
  answer: string[];
}

export interface TrueFalseQuestion extends QuestionBase {
  type: "truefalse";
  answer: boolean;
}

/** The learner puts `items` in order; they are shown shuffled. Credit: the share of items in their place. */
export interface OrderingQuestion extends QuestionBase {
  type: "ordering";
  /** In the correct order. */
  items: Choice[];
}

/** Each prompt gets one of the options (an option may fit none or several). Credit: the share matched right. */
export interface MatchingQuestion extends QuestionBase {
  type: "matching";
  prompts: Choice[];
  options: Choice[];
  /** prompt id → option id */
  answer: Record<string, string>;
}

export interface NumericQuestion extends QuestionBase {
  type: "numeric";
  answer: number;
  /** Accepted absolute difference from `answer`. */
  tolerance: number;
  unit?: Localized;
}

/** A short text answer, accepted when it matches one of the patterns in full (trimmed, case-insensitive). */
export interface TextQuestion extends QuestionBase {
  type: "text";
  /** Regular-expression sources, matched against the whole trimmed answer with the `i` flag. */
  accept: string[];
  /** The answer shown in the feedback. */
  canonical: Localized;
}

/**
 * "Do it in the lab": the learner does something in a lab and submits their run; the server
 * replays it and applies `check` to the state at its end.
 */
export interface LabQuestion extends QuestionBase {
  type: "lab";
  /** The lab (content/labs/<slug>) whose run is checked. */
  lab: string;
  check: Check;
}

export type Question =
  | SingleChoiceQuestion
  | MultipleChoiceQuestion
  | TrueFalseQuestion
  | OrderingQuestion
  | MatchingQuestion
  | NumericQuestion
  | TextQuestion
  | LabQuestion;

export type QuestionType = Question["type"];

export interface QuizPolicy {
  /** Attempts a learner may start; null for no limit. */
  maxAttempts: number | null;
  /** Which attempt counts: the best, the last, or the mean of all submitted. */
  grading: "highest" | "latest" | "average";
  /** Minutes to wait after submitting an attempt before starting the next one. */
  minutesBetweenAttempts: number;
  /** Score (0–100) that counts as passed. */
  passPercent: number;
}

export interface QuizDefinition {
  slug: string;
  /** The lesson it belongs to (content/lessons/<lesson>): section links point there. */
  lesson: string;
  title: Localized;
  description: Localized;
  policy: QuizPolicy;
  questions: Question[];
}
