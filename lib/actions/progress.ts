"use server";
// Progress actions: a lesson section read, a lab run claimed (verified by replay on the server).

import { claimLabRun } from "@/lib/progress/labs";
import { markSectionRead } from "@/lib/progress/sections";
import { labClaimSchema, MAX_CLAIM_BYTES, sectionReadSchema } from "@/lib/validation/progress";
import { withUser } from "./guard";
import { bootingAhead } from "./boot-ahead";

export const markSectionReadAction = withUser(sectionReadSchema, (input, user) => markSectionRead(user, input.lesson, input.section));

// The claim's replay used a session booted ahead: the next one boots after the response.
export const claimLabAction = withUser(
  labClaimSchema,
  bootingAhead((input, user) => claimLabRun(user, input)),
  MAX_CLAIM_BYTES,
);
