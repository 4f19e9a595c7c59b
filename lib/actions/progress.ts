"use server";
// Progress actions: a lesson section read, a lab run claimed (verified by replay on the server).

import { claimLabRun } from "@/lib/progress/labs";
import { markSectionRead } from "@/lib/progress/sections";
import { labClaimSchema, MAX_CLAIM_BYTES, sectionReadSchema } from "@/lib/validation/progress";
import { withUser } from "./guard";
import { bootAheadAfterResponse } from "./boot-ahead";

export const markSectionReadAction = withUser(sectionReadSchema, (input, user) => markSectionRead(user, input.lesson, input.section));

export const claimLabAction = withUser(
  labClaimSchema,
  async (input, user) => {
    const outcome = await claimLabRun(user, input);
    bootAheadAfterResponse();
    return outcome;
  },
  MAX_CLAIM_BYTES,
);
