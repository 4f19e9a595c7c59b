"use client";

import { usePathname } from "next/navigation";
import { otherLocale, switchLocalePath, type Locale } from "@/lib/i18n/config";
import styles from "./header.module.css";

/**
 * A plain link to the same page in the other language, so it works before hydration.
 * The section the reader is in (the URL hash) comes along: both languages share heading
 * ids. The choice is remembered by proxy.ts, which stores the locale of every page read.
 */
export function LanguageSwitcher({ locale, label, short }: { locale: Locale; label: string; short: string }) {
  const target = otherLocale(locale);
  const href = switchLocalePath(usePathname() ?? `/${locale}`, target);
  return (
    <a
      href={href}
      hrefLang={target}
      lang={target}
      className={styles.lang}
      title={label}
      data-testid="language-switcher"
      onClick={(event) => {
        if (window.location.hash) event.currentTarget.href = href + window.location.hash;
      }}
    >
      <span aria-hidden="true">{short}</span>
      <span className="visually-hidden">{label}</span>
    </a>
  );
}
