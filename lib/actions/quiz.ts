"use server";
// Quiz actions: start or resume an attempt, answer a question, submit. Graded on the server;
// the key and the explanation of a question travel only in the answer to the learner's response.

import { answerQuestion, getAttemptView, startOrResumeAttempt, submitAttempt } from "@/lib/quizzes/attempts";
import { answerSchema, MAX_ANSWER_BYTES, startAttemptSchema, submitAttemptSchema } from "@/lib/validation/progress";
import { withUser } from "./guard";
import { bootingAhead } from "./boot-ahead";
import { z } from "zod";
import { locales } from "@/lib/i18n/config";

export const startAttemptAction = withUser(startAttemptSchema, (input, user) => startOrResumeAttempt(user, input.quiz));

// A "do it in the lab" answer replays the learner's run from a session booted ahead.
export const answerAction = withUser(
  answerSchema,
  bootingAhead((input, user) => answerQuestion(user, input)),
  MAX_ANSWER_BYTES,
);

export const submitAttemptAction = withUser(submitAttemptSchema, (input, user) => submitAttempt(user, input.attemptId));

export const attemptViewAction = withUser(
  z.strictObject({ attemptId: z.string().min(1).max(64), locale: z.enum(locales) }),
  (input, user) => getAttemptView(user, input.attemptId, input.locale),
);
