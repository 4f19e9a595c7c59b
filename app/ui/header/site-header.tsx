import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";
import type { Locale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { LanguageSwitcher } from "./language-switcher";
import { SignOutButton } from "./sign-out-button";
import { ThemeToggle } from "./theme-toggle";
import styles from "./header.module.css";

export async function SiteHeader({ locale }: { locale: Locale }) {
  const t = getDictionary(locale);
  const user = await getSessionUser();
  return (
    <header className={styles.header}>
      <div className={`container ${styles.bar}`}>
        <Link href={`/${locale}`} className={styles.brand}>
          <svg aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" className={styles.logo}>
            <circle cx="12" cy="5" r="3" />
            <circle cx="5" cy="18" r="3" />
            <circle cx="19" cy="18" r="3" />
            <path d="M12 8 6.5 15.5M12 8l5.5 7.5M8 18h8" fill="none" strokeWidth="1.6" />
          </svg>
          <span>{t.siteName}</span>
        </Link>
        <nav aria-label={t.nav.home} className={styles.nav}>
          <Link href={`/${locale}/lessons/etcd`}>{t.nav.lesson}</Link>
          <Link href={`/${locale}/labs`}>{t.nav.labs}</Link>
          <Link href={`/${locale}/quizzes/etcd`}>{t.nav.quiz}</Link>
          {user ? <Link href={`/${locale}/progress`}>{t.nav.progress}</Link> : null}
          {user && user.role !== "LEARNER" ? <Link href={`/${locale}/teach`}>{t.nav.teaching}</Link> : null}
          {user?.role === "ADMIN" ? <Link href={`/${locale}/admin`}>{t.nav.admin}</Link> : null}
        </nav>
        <div className={styles.tools}>
          <LanguageSwitcher locale={locale} label={t.header.switchTo} short={t.header.switchToShort} />
          <ThemeToggle labelDark={t.header.themeDark} labelLight={t.header.themeLight} />
          {user ? (
            <div className={styles.user} data-testid="session-user">
              <span className={styles.userText}>
                <span className="visually-hidden">{t.header.signedInAs} </span>
                <span className={styles.userName}>{user.name}</span>
                <span className={styles.role}>{t.header.roles[user.role]}</span>
              </span>
              <SignOutButton locale={locale} label={t.nav.signOut} />
            </div>
          ) : (
            <div className={styles.user}>
              <Link href={`/${locale}/signin`} className={styles.signIn}>
                {t.nav.signIn}
              </Link>
              <Link href={`/${locale}/signup`} className={`button ${styles.signUp}`}>
                {t.nav.signUp}
              </Link>
            </div>
          )}
        </div>
      </div>
    </header>
  );
}
