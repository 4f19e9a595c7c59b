"use server";
// Progress actions: a lesson section read, a lab run claimed (verified by replay on the server).

import { claimLabRun } from "@/lib/progress/labs";
import { markSectionRead } from "@/lib/progress/sections";
import { labClaimSchema, MAX_CLAIM_BYTES, sectionReadSchema } from "@/lib/validation/progress";
import { withUser } from "./guard";

export const markSectionReadAction = withUser(sectionReadSchema, (input, user) => markSectionRead(user, input.lesson, input.section));

export const claimLabAction = withUser(labClaimSchema, (input, user) => claimLabRun(user, input), MAX_CLAIM_BYTES);
