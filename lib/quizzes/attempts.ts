import "server-only";
// Quiz attempts: start (or resume), answer one question at a time with immediate feedback, and
// submit. Every write is one statement guarded by a unique key, so a retried request or a
// double click finds what the first one wrote and records nothing twice, on SQLite and on
// PostgreSQL alike, without interactive transactions.

import { randomInt } from "node:crypto";
import { db } from "@/lib/db";
import { fail, isUniqueViolation, ok, type Outcome } from "@/lib/outcome";
import type { LabRun } from "@/lib/labs/session";
import { replayForQuestion } from "@/lib/labs/verify";
import { gradeResponse, parseResponse, publicKey, type PublicKey, type Response } from "./grade";
import { publicQuiz, type PublicQuiz } from "./public";
import { findQuestion, findQuiz, maxPoints } from "./registry";
import type { Locale, Question, QuizDefinition } from "./types";

export interface Learner {
  id: string;
}

/** What the learner sees after answering: the verdict, the key and why. */
export interface Feedback {
  question: string;
  credit: number;
  points: number;
  maxPoints: number;
  explanation: string;
  key: PublicKey;
  /** The response as recorded (a retry with another response gets the first one back). */
  response: unknown;
}

export interface AttemptView {
  id: string;
  number: number;
  status: "IN_PROGRESS" | "SUBMITTED";
  quiz: PublicQuiz;
  /** Feedback for each question answered so far, by question id. */
  answered: Record<string, Feedback>;
  points: number;
  maxPoints: number;
  submittedAt: string | null;
}

export interface QuizStanding {
  attempts: Array<{
    id: string;
    number: number;
    status: "IN_PROGRESS" | "SUBMITTED";
    points: number;
    maxPoints: number;
    submittedAt: string | null;
  }>;
  /** The score that counts under the quiz's grading policy, 0–100, or null before any submission. */
  gradePercent: number | null;
  passed: boolean;
  attemptsLeft: number | null;
  /** When the next attempt may start (ISO), if the policy makes the learner wait. */
  nextAttemptAt: string | null;
}

function feedbackFor(q: Question, locale: Locale, stored: { credit: number; points: number; response: string }): Feedback {
  return {
    question: q.id,
    credit: stored.credit,
    points: stored.points,
    maxPoints: q.points ?? 1,
    explanation: q.explanation[locale],
    key: publicKey(q, locale),
    response: JSON.parse(stored.response) as unknown,
  };
}

/** The attempt in progress, if any; otherwise a new one if the policy allows it. */
export async function startOrResumeAttempt(
  user: Learner,
  slug: string,
  now = new Date(),
): Promise<Outcome<{ attemptId: string; resumed: boolean }>> {
  const quiz = findQuiz(slug);
  if (!quiz) return fail(404, `there is no quiz named ${JSON.stringify(slug)}`);
  const open = await db.quizAttempt.findFirst({ where: { userId: user.id, quiz: slug, status: "IN_PROGRESS" }, select: { id: true } });
  if (open) return ok({ attemptId: open.id, resumed: true });

  const past = await db.quizAttempt.findMany({
    where: { userId: user.id, quiz: slug },
    select: { number: true, submittedAt: true },
    orderBy: { number: "desc" },
  });
  const { maxAttempts, minutesBetweenAttempts } = quiz.policy;
  if (maxAttempts !== null && past.length >= maxAttempts) return fail(409, `no attempts left: this quiz allows ${maxAttempts}`);
  const last = past[0]?.submittedAt;
  if (last && minutesBetweenAttempts > 0) {
    const next = new Date(last.getTime() + minutesBetweenAttempts * 60_000);
    if (next > now) return fail(429, `the next attempt can start at ${next.toISOString()}`);
  }
  try {
    const created = await db.quizAttempt.create({
      data: { userId: user.id, quiz: slug, number: (past[0]?.number ?? 0) + 1, seed: randomInt(2 ** 31), maxPoints: maxPoints(quiz) },
      select: { id: true },
    });
    return ok({ attemptId: created.id, resumed: false });
  } catch (error) {
    // Two starts at once (a double click): the other one made the attempt; resume it.
    if (!isUniqueViolation(error)) throw error;
    const other = await db.quizAttempt.findFirst({ where: { userId: user.id, quiz: slug, status: "IN_PROGRESS" }, select: { id: true } });
    if (!other) return fail(409, "another attempt was just started and closed; reload the page");
    return ok({ attemptId: other.id, resumed: true });
  }
}

/** An attempt of this learner, with its quiz; 404 for anyone else's (never say it exists). */
async function ownAttempt(user: Learner, attemptId: string) {
  const attempt = await db.quizAttempt.findUnique({ where: { id: attemptId } });
  if (!attempt || attempt.userId !== user.id) return undefined;
  const quiz = findQuiz(attempt.quiz);
  return quiz ? { attempt, quiz } : undefined;
}

export async function getAttemptView(user: Learner, attemptId: string, locale: Locale): Promise<Outcome<AttemptView>> {
  const found = await ownAttempt(user, attemptId);
  if (!found) return fail(404, "no such attempt");
  return ok(await attemptView(found.attempt, found.quiz, locale));
}

/** The view of any attempt: the learner's own (checked by the caller) or a student's for their instructor. */
export async function attemptView(
  attempt: {
    id: string;
    number: number;
    status: "IN_PROGRESS" | "SUBMITTED";
    seed: number;
    points: number;
    maxPoints: number;
    submittedAt: Date | null;
  },
  quiz: QuizDefinition,
  locale: Locale,
): Promise<AttemptView> {
  const answers = await db.quizAnswer.findMany({ where: { attemptId: attempt.id } });
  const answered: Record<string, Feedback> = {};
  for (const a of answers) {
    const q = findQuestion(quiz, a.question);
    if (q) answered[q.id] = feedbackFor(q, locale, a);
  }
  return {
    id: attempt.id,
    number: attempt.number,
    status: attempt.status,
    quiz: publicQuiz(quiz, locale, attempt.seed),
    answered,
    points: attempt.status === "SUBMITTED" ? attempt.points : answers.reduce((s, a) => s + a.points, 0),
    maxPoints: attempt.maxPoints,
    submittedAt: attempt.submittedAt?.toISOString() ?? null,
  };
}

/** Grades one answer and records it; the answer to a question already answered is the first one. */
export async function answerQuestion(
  user: Learner,
  input: { attemptId: string; question: string; response: unknown; locale: Locale },
): Promise<Outcome<Feedback & { alreadyAnswered: boolean }>> {
  const found = await ownAttempt(user, input.attemptId);
  if (!found) return fail(404, "no such attempt");
  const { attempt, quiz } = found;
  const q = findQuestion(quiz, input.question);
  if (!q) return fail(404, `the quiz has no question ${JSON.stringify(input.question)}`);

  const existing = await db.quizAnswer.findUnique({ where: { attemptId_question: { attemptId: attempt.id, question: q.id } } });
  if (existing) return ok({ ...feedbackFor(q, input.locale, existing), alreadyAnswered: true });
  if (attempt.status !== "IN_PROGRESS") return fail(409, "this attempt is already submitted");

  const parsed = parseResponse(q, input.response);
  if (!parsed.ok) return fail(400, parsed.error);
  let labPassed = false;
  let stored: unknown = parsed.response;
  if (q.type === "lab") {
    const { run, endMs } = parsed.response as Response<"lab">;
    const replayed = replayForQuestion(q.lab, run as LabRun, endMs);
    if (!replayed.ok) return fail(422, replayed.error);
    labPassed = q.check({ session: replayed.session, history: replayed.session.history });
    // The run itself can be large; the answer keeps what the learner did in a few words.
    stored = { lab: q.lab, inputs: (run as LabRun).inputs.length, endMs: endMs ?? null };
  }
  const credit = gradeResponse(q, parsed.response, labPassed);
  const points = credit * (q.points ?? 1);
  try {
    const row = await db.quizAnswer.create({
      data: { attemptId: attempt.id, question: q.id, response: JSON.stringify(stored), credit, points },
    });
    return ok({ ...feedbackFor(q, input.locale, row), alreadyAnswered: false });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const first = await db.quizAnswer.findUniqueOrThrow({ where: { attemptId_question: { attemptId: attempt.id, question: q.id } } });
    return ok({ ...feedbackFor(q, input.locale, first), alreadyAnswered: true });
  }
}

/** Closes the attempt and fixes its score; submitting again returns the same result. */
export async function submitAttempt(
  user: Learner,
  attemptId: string,
): Promise<Outcome<{ points: number; maxPoints: number; percent: number }>> {
  const found = await ownAttempt(user, attemptId);
  if (!found) return fail(404, "no such attempt");
  const answers = await db.quizAnswer.findMany({ where: { attemptId }, select: { points: true } });
  const points = answers.reduce((s, a) => s + a.points, 0);
  // Only an open attempt changes: a second submission (or a racing one) updates nothing.
  await db.quizAttempt.updateMany({
    where: { id: attemptId, status: "IN_PROGRESS" },
    data: { status: "SUBMITTED", submittedAt: new Date(), points },
  });
  const closed = await db.quizAttempt.findUniqueOrThrow({ where: { id: attemptId }, select: { points: true, maxPoints: true } });
  return ok({ points: closed.points, maxPoints: closed.maxPoints, percent: percent(closed.points, closed.maxPoints) });
}

export function percent(points: number, max: number): number {
  return max > 0 ? Math.round((points / max) * 1000) / 10 : 0;
}

/** The learner's attempts at a quiz and the grade that counts under its policy. */
export async function getQuizStanding(user: Learner, slug: string, now = new Date()): Promise<Outcome<QuizStanding>> {
  const quiz = findQuiz(slug);
  if (!quiz) return fail(404, `there is no quiz named ${JSON.stringify(slug)}`);
  const attempts = await db.quizAttempt.findMany({ where: { userId: user.id, quiz: slug }, orderBy: { number: "asc" } });
  return ok(standing(quiz, attempts, now));
}

export function standing(
  quiz: QuizDefinition,
  attempts: Array<{
    id: string;
    number: number;
    status: "IN_PROGRESS" | "SUBMITTED";
    points: number;
    maxPoints: number;
    submittedAt: Date | null;
  }>,
  now = new Date(),
): QuizStanding {
  const submitted = attempts.filter((a) => a.status === "SUBMITTED");
  const scores = submitted.map((a) => percent(a.points, a.maxPoints));
  const { grading, maxAttempts, minutesBetweenAttempts, passPercent } = quiz.policy;
  const gradePercent =
    scores.length === 0
      ? null
      : grading === "highest"
        ? Math.max(...scores)
        : grading === "latest"
          ? scores[scores.length - 1]!
          : Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10;
  const lastSubmitted = submitted.at(-1)?.submittedAt;
  const next = lastSubmitted && minutesBetweenAttempts > 0 ? new Date(lastSubmitted.getTime() + minutesBetweenAttempts * 60_000) : null;
  return {
    attempts: attempts.map((a) => ({
      id: a.id,
      number: a.number,
      status: a.status,
      points: a.points,
      maxPoints: a.maxPoints,
      submittedAt: a.submittedAt?.toISOString() ?? null,
    })),
    gradePercent,
    passed: gradePercent !== null && gradePercent >= passPercent,
    attemptsLeft: maxAttempts === null ? null : Math.max(0, maxAttempts - attempts.length),
    nextAttemptAt: next && next > now ? next.toISOString() : null,
  };
}
