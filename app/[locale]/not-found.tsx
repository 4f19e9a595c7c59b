import Link from "next/link";
import { cookies } from "next/headers";
import { LOCALE_COOKIE, defaultLocale, isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";

// not-found receives no params; proxy.ts has stored the locale of the requested path
// in the cookie before the page rendered.
export default async function NotFound() {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(value) ? value : defaultLocale;
  const t = getDictionary(locale).notFound;
  return (
    <div className="container" style={{ padding: "4rem 1.25rem" }}>
      <h1>{t.title}</h1>
      <p>{t.text}</p>
      <p>
        <Link href={`/${locale}`}>{t.back}</Link>
      </p>
    </div>
  );
}
