import { z } from "zod";
import { JOIN_CODE_LENGTH } from "@/lib/cohorts-shared";

// Inputs of the cohort and admin actions.

export const COHORT_NAME_MAX = 80;

export const createCohortSchema = z.strictObject({ name: z.string().trim().min(1, "give the cohort a name").max(COHORT_NAME_MAX) });

/** People type codes with spaces, dashes or in lower case: those are dropped, not refused. */
export const joinCohortSchema = z.strictObject({ code: z.string().max(4 * JOIN_CODE_LENGTH) });

export const setRoleSchema = z.strictObject({ userId: z.string().min(1).max(64), role: z.enum(["LEARNER", "INSTRUCTOR", "ADMIN"]) });
