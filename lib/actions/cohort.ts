"use server";
// Cohort and admin actions: an instructor creates a cohort, a learner joins one, an admin sets roles.

import { createCohort, joinCohort } from "@/lib/cohorts";
import { setUserRole } from "@/lib/admin";
import { createCohortSchema, joinCohortSchema, setRoleSchema } from "@/lib/validation/cohort";
import { withAdmin, withInstructor, withUser } from "./guard";

export const createCohortAction = withInstructor(createCohortSchema, (input, user) => createCohort(user, input.name));

export const joinCohortAction = withUser(joinCohortSchema, (input, user) => joinCohort(user, input.code));

export const setRoleAction = withAdmin(setRoleSchema, (input, user) => setUserRole(user, input.userId, input.role));
