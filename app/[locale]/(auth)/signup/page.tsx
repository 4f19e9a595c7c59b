import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { SignUpForm } from "@/app/ui/auth/sign-up-form";
import styles from "@/app/ui/auth/auth.module.css";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getSessionUser } from "@/lib/auth/session";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";

export async function generateMetadata({ params }: PageProps<"/[locale]/signup">): Promise<Metadata> {
  const { locale } = await params;
  return { title: getDictionary(isLocale(locale) ? locale : "ru").auth.signUpTitle, robots: { index: false } };
}

export default async function SignUpPage({ params, searchParams }: PageProps<"/[locale]/signup">) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const callbackUrl = safeCallbackUrl((await searchParams).callbackUrl, `/${locale}`);
  if (await getSessionUser()) redirect(callbackUrl);
  const t = getDictionary(locale).auth;
  const query = callbackUrl === `/${locale}` ? "" : `?callbackUrl=${encodeURIComponent(callbackUrl)}`;
  return (
    <div className={styles.page}>
      <h1 className={styles.title}>{t.signUpTitle}</h1>
      <SignUpForm
        locale={locale}
        callbackUrl={callbackUrl}
        labels={{
          name: t.name,
          email: t.email,
          password: t.password,
          passwordHint: t.passwordHint,
          submit: t.submitSignUp,
          pending: t.pending,
          generic: t.errors.generic,
        }}
      />
      <p className={styles.switch}>
        {t.haveAccount} <Link href={`/${locale}/signin${query}`}>{t.signInTitle}</Link>
      </p>
    </div>
  );
}
