import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { isLocale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { JoinForm } from "@/app/ui/teach/join-form";
import styles from "@/app/ui/teach/teach.module.css";

export async function generateMetadata({ params }: PageProps<"/[locale]/join">): Promise<Metadata> {
  const { locale } = await params;
  return { title: getDictionary(isLocale(locale) ? locale : "ru").join.title, robots: { index: false } };
}

export default async function JoinPage({ params, searchParams }: PageProps<"/[locale]/join">) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const t = getDictionary(locale).join;
  const raw = (await searchParams).code;
  const code = (typeof raw === "string" ? raw : "").slice(0, 32);
  const here = `/${locale}/join${code ? `?code=${encodeURIComponent(code)}` : ""}`;
  const user = await getSessionUser();
  return (
    <div className={`container ${styles.page}`} data-testid="join-page">
      <h1>{t.title}</h1>
      <p>{t.lead}</p>
      {user ? (
        <JoinForm t={t} initial={code} />
      ) : (
        <p>
          <Link className="button" href={`/${locale}/signin?callbackUrl=${encodeURIComponent(here)}`}>
            {t.signIn}
          </Link>
        </p>
      )}
    </div>
  );
}
