import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { SignInForm } from "@/app/ui/auth/sign-in-form";
import styles from "@/app/ui/auth/auth.module.css";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getSessionUser } from "@/lib/auth/session";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";

export async function generateMetadata({ params }: PageProps<"/[locale]/signin">): Promise<Metadata> {
  const { locale } = await params;
  return { title: getDictionary(isLocale(locale) ? locale : "ru").auth.signInTitle, robots: { index: false } };
}

export default async function SignInPage({ params, searchParams }: PageProps<"/[locale]/signin">) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl, `/${locale}`);
  if (await getSessionUser()) redirect(callbackUrl);
  const t = getDictionary(locale).auth;
  const query = callbackUrl === `/${locale}` ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <div className={styles.page}>
      <h1 className={styles.title}>{t.signInTitle}</h1>
      <SignInForm
        locale={locale}
        callbackUrl={callbackUrl}
        labels={{
          email: t.email,
          password: t.password,
          submit: t.submitSignIn,
          pending: t.pending,
          wrongCredentials: t.errors.wrongCredentials,
          generic: t.errors.generic,
        }}
      />
      <p className={styles.switch}>
        {t.noAccount} <Link href={`/${locale}/signup${query}`}>{t.signUpTitle}</Link>
      </p>
    </div>
  );
}
