import type { Metadata } from "next";
import Link from "next/link";
import { SignInForm } from "@/app/ui/auth/sign-in-form";
import styles from "@/app/ui/auth/auth.module.css";
import { authPageMetadata, resolveAuthPage } from "@/lib/auth/auth-page";

export function generateMetadata({ params }: PageProps<"/[locale]/signin">): Promise<Metadata> {
  return authPageMetadata(params, "signInTitle");
}

export default async function SignInPage({ params, searchParams }: PageProps<"/[locale]/signin">) {
  const { locale, t, callbackUrl, query } = await resolveAuthPage(params, searchParams);
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
