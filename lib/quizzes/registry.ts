import "server-only";
// The quizzes, with their keys: server code only. `server-only` makes importing this module from
// a Client Component a build error, and tests/e2e/quiz-secrets.spec.ts searches the built bundles
// and the pages for the keys and explanations anyway.

import { quiz as etcd } from "@/content/quizzes/etcd/quiz";
import type { Question, QuizDefinition } from "./types";

export const QUIZZES: readonly QuizDefinition[] = [etcd];

export function findQuiz(slug: string): QuizDefinition | undefined {
  return QUIZZES.find((q) => q.slug === slug);
}

export function findQuestion(quiz: QuizDefinition, id: string): Question | undefined {
  return quiz.questions.find((q) => q.id === id);
}

/** Points a quiz is worth: the sum of its questions' weights. */
export function maxPoints(quiz: QuizDefinition): number {
  return quiz.questions.reduce((sum, q) => sum + (q.points ?? 1), 0);
}
