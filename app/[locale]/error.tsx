"use client";

import { useParams } from "next/navigation";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";

export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const params = useParams<{ locale?: string }>();
  const t = getDictionary(isLocale(params?.locale) ? params.locale : "ru").error;
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
