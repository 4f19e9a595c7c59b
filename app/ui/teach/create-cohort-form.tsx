"use client";

import { createCohortAction } from "@/lib/actions/cohort";
import type { Dictionary } from "@/lib/i18n/dictionaries";
import { ActionForm } from "./action-form";

export function CreateCohortForm({ t, joinBase }: { t: Dictionary["teach"]; joinBase: string }) {
  return (
    <ActionForm
      action={(input) => createCohortAction({ name: input.name ?? "" })}
      field="name"
      label={t.name}
      submit={t.create}
      maxLength={80}
      success={(d) => `${t.created} ${joinBase}?code=${d.joinCode}`}
      testId="create-cohort"
    />
  );
}
