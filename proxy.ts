import { NextResponse, type NextRequest } from "next/server";
import { LOCALE_COOKIE, ONE_YEAR_SECONDS, defaultLocale, isLocale, matchAcceptLanguage } from "@/lib/i18n/config";

/**
 * Every page lives under /ru or /en. A path without a locale is redirected to the
 * reader's language: the one they last read in (cookie), else their browser's, else
 * Russian, the lesson's original. A localized page stores its locale in the cookie, so
 * switching language is remembered even before any JavaScript has run.
 */
export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const first = pathname.split("/")[1];

  if (isLocale(first)) {
    const response = NextResponse.next();
    // Only a page the reader opens counts. Router prefetches and RSC fetches of a page they
    // just left can finish after a language switch and would switch the cookie back.
    const background = request.headers.has("rsc") || request.headers.has("next-router-prefetch");
    if (!background && request.cookies.get(LOCALE_COOKIE)?.value !== first) {
      response.cookies.set(LOCALE_COOKIE, first, { path: "/", maxAge: ONE_YEAR_SECONDS, sameSite: "lax" });
    }
    return response;
  }

  const remembered = request.cookies.get(LOCALE_COOKIE)?.value;
  const locale = isLocale(remembered) ? remembered : (matchAcceptLanguage(request.headers.get("accept-language")) ?? defaultLocale);
  const url = request.nextUrl.clone();
  url.pathname = `/${locale}${pathname === "/" ? "" : pathname}`;
  url.search = search;
  return NextResponse.redirect(url);
}

export const config = {
  // Everything but the auth API, Next.js internals and files with an extension.
  matcher: ["/((?!api/|_next/|.*\\.[a-zA-Z0-9]+$).*)"],
};
