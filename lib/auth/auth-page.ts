import "server-only";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getSessionUser } from "@/lib/auth/session";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";

type Params = Promise<{ locale: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** The title of a sign-in/sign-up page; such pages are not for search engines. */
export async function authPageMetadata(params: Params, title: "signInTitle" | "signUpTitle"): Promise<Metadata> {
  const { locale } = await params;
  return { title: getDictionary(isLocale(locale) ? locale : "ru").auth[title], robots: { index: false } };
}

/**
 * What both account pages start with: the locale, where to go afterwards (a path on this
 * site only), the query that carries it to the other form, and a redirect there for a
 * reader who is already signed in.
 */
export async function resolveAuthPage(params: Params, searchParams: SearchParams) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl, `/${locale}`);
  if (await getSessionUser()) redirect(callbackUrl);
  const query = callbackUrl === `/${locale}` ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return { locale, t: getDictionary(locale).auth, callbackUrl, query };
}
