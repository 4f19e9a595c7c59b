"use client";

import { useSyncExternalStore } from "react";
import { ONE_YEAR_SECONDS, THEME_COOKIE } from "@/lib/i18n/config";
import styles from "./header.module.css";

type Theme = "light" | "dark";

const media = () => window.matchMedia("(prefers-color-scheme: dark)");

function currentTheme(): Theme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === "light" || chosen === "dark") return chosen;
  return media().matches ? "dark" : "light";
}

function subscribe(onChange: () => void) {
  const query = media();
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["data-theme"] });
  query.addEventListener("change", onChange);
  return () => {
    observer.disconnect();
    query.removeEventListener("change", onChange);
  };
}

/** Switches light/dark; the choice goes into a cookie so the server renders it next time. */
export function ThemeToggle({ labelDark, labelLight }: { labelDark: string; labelLight: string }) {
  const theme = useSyncExternalStore<Theme | null>(subscribe, currentTheme, () => null);
  const next: Theme = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      className="icon-button"
      aria-label={next === "dark" ? labelDark : labelLight}
      title={next === "dark" ? labelDark : labelLight}
      data-testid="theme-toggle"
      onClick={() => {
        document.documentElement.dataset.theme = next;
        document.cookie = `${THEME_COOKIE}=${next}; path=/; max-age=${ONE_YEAR_SECONDS}; samesite=lax`;
      }}
    >
      {/* Both icons are rendered; CSS shows the one for the current theme, so the server
          markup is right before hydration. */}
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className={styles.moon}>
        <path d="M20 14.5A8.5 8.5 0 0 1 9.5 4a8.5 8.5 0 1 0 10.5 10.5Z" fill="currentColor" />
      </svg>
      <svg aria-hidden="true" viewBox="0 0 24 24" width="18" height="18" className={styles.sun}>
        <circle cx="12" cy="12" r="4.5" fill="currentColor" />
        <path
          d="M12 1.5v3M12 19.5v3M1.5 12h3M19.5 12h3M4.6 4.6l2.1 2.1M17.3 17.3l2.1 2.1M4.6 19.4l2.1-2.1M17.3 6.7l2.1-2.1"
          stroke="currentColor"
          strokeWidth="1.8"
          strokeLinecap="round"
        />
      </svg>
    </button>
  );
}
