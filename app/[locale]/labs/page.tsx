import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import styles from "@/app/ui/lab/lab.module.css";
import { getLabText } from "@/lib/content/labs";
import { isLocale, locales } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { LABS } from "@/lib/labs/registry";

export function generateStaticParams() {
  return locales.map((locale) => ({ locale }));
}

export async function generateMetadata({ params }: PageProps<"/[locale]/labs">): Promise<Metadata> {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const t = getDictionary(locale);
  return { title: t.labs.title, description: t.labs.lead };
}

export default async function LabsPage({ params }: PageProps<"/[locale]/labs">) {
  const { locale } = await params;
  if (!isLocale(locale)) notFound();
  const t = getDictionary(locale);
  const texts = await Promise.all(LABS.map(async (def) => ({ def, text: await getLabText(def.slug, locale) })));
  return (
    <div className={styles.index}>
      <h1>{t.labs.title}</h1>
      <p>{t.labs.lead}</p>
      <ul className={styles.cards}>
        {texts.map(({ def, text }) =>
          text ? (
            <li key={def.slug} className={styles.card}>
              <h2>
                <Link href={`/${locale}/labs/${def.slug}`}>{text.frontmatter.title}</Link>
              </h2>
              <p>{text.frontmatter.summary}</p>
              <p>
                {t.labs.steps}: {def.steps.length}
              </p>
            </li>
          ) : null,
        )}
      </ul>
    </div>
  );
}
