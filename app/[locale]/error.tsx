"use client";

import { useParams } from "next/navigation";
import { isLocale } from "@/lib/i18n/config";
import { errorMessages } from "@/lib/i18n/error-messages";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const params = useParams<{ locale?: string }>();
  const t = errorMessages[isLocale(params?.locale) ? params.locale : "ru"];
  return (
    <div className="container" style={{ padding: "4rem 1.25rem" }} role="alert">
      <h1>{t.title}</h1>
      <p>{t.text}</p>
      <button type="button" className="button" onClick={reset}>
        {t.retry}
      </button>
    </div>
  );
}
