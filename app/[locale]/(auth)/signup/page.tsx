import type { Metadata } from "next";
import Link from "next/link";
import { SignUpForm } from "@/app/ui/auth/sign-up-form";
import styles from "@/app/ui/auth/auth.module.css";
import { authPageMetadata, resolveAuthPage } from "@/lib/auth/auth-page";

export function generateMetadata({ params }: PageProps<"/[locale]/signup">): Promise<Metadata> {
  return authPageMetadata(params, "signUpTitle");
}

export default async function SignUpPage({ params, searchParams }: PageProps<"/[locale]/signup">) {
  const { locale, t, callbackUrl, query } = await resolveAuthPage(params, searchParams);
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
