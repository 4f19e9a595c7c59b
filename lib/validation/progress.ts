import { z } from "zod";
import { MAX_LINE_CHARS, MAX_RUN_INPUTS, MAX_TERMINALS, RUN_VERSION } from "@/lib/labs/session";
import { locales } from "@/lib/i18n/config";

// The inputs of the quiz and progress actions. Each bounds what it accepts (ids, counts, sizes)
// before any work is done; what a schema cannot say (a run that replays) is checked after.

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "not a valid name")
  .max(64);
const id = z.string().min(1).max(64);
const locale = z.enum(locales);

/** Bytes of a lab claim's JSON: a run of MAX_RUN_INPUTS short commands fits with room to spare. */
export const MAX_CLAIM_BYTES = 2 * 1024 * 1024;
/** Bytes of a quiz answer (a lab question carries a run). */
export const MAX_ANSWER_BYTES = MAX_CLAIM_BYTES;

export const startAttemptSchema = z.strictObject({ quiz: slug });

export const answerSchema = z.strictObject({
  attemptId: id,
  question: id,
  /** Checked against the question's own shape by lib/quizzes/grade.ts. */
  response: z.unknown(),
  locale,
});

export const submitAttemptSchema = z.strictObject({ attemptId: id });

export const sectionReadSchema = z.strictObject({ lesson: slug, section: slug });

const runInput = z.discriminatedUnion("kind", [
  z.strictObject({
    atMs: z.number().finite().min(0),
    kind: z.literal("command"),
    terminal: z
      .number()
      .int()
      .min(0)
      .max(MAX_TERMINALS - 1),
    line: z.string().max(MAX_LINE_CHARS),
  }),
  z.strictObject({
    atMs: z.number().finite().min(0),
    kind: z.literal("interrupt"),
    terminal: z
      .number()
      .int()
      .min(0)
      .max(MAX_TERMINALS - 1),
  }),
]);

export const labRunSchema = z.strictObject({
  version: z.literal(RUN_VERSION),
  engine: z.number().int().min(0).max(1_000_000).optional(),
  lab: z.string().max(64),
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32),
  topology: z.strictObject({
    members: z.union([z.literal(1), z.literal(3), z.literal(5)]),
    world: z.enum(["etcd", "kube", "demo", "managed"]),
    workers: z.number().int().min(0).max(20).optional(),
    quotaBackendBytes: z.number().int().positive().optional(),
    setup: z.array(z.string().max(MAX_LINE_CHARS)).max(50).optional(),
  }),
  inputs: z.array(runInput).max(MAX_RUN_INPUTS),
});

export const labClaimSchema = z.strictObject({
  lab: slug,
  run: labRunSchema,
  // Virtual times are fractional milliseconds: the server checks at the exact moment claimed.
  steps: z.array(z.strictObject({ id: z.string().max(64), doneAtMs: z.number().finite().min(0) })).max(100),
  endMs: z.number().finite().min(0),
  hints: z.record(z.string().max(64), z.number().int().min(0).max(100)).refine((h) => Object.keys(h).length <= 100, "too many steps"),
});
