"use client";

import { joinCohortAction } from "@/lib/actions/cohort";
import { JOIN_CODE_LENGTH } from "@/lib/cohorts-shared";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { ActionForm } from "./action-form";

export function JoinForm({ t, initial }: { t: Dictionary["join"]; initial: string }) {
  return (
    <ActionForm
      action={(input) => joinCohortAction({ code: input.code ?? "" })}
      field="code"
      label={t.code}
      submit={t.submit}
      initial={initial}
      maxLength={4 * JOIN_CODE_LENGTH}
      success={(d) => `${d.alreadyMember ? t.already : t.joined} «${d.name}»`}
      testId="join-form"
    />
  );
}
