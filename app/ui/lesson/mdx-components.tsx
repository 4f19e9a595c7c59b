import type { MDXComponents } from "mdx/types";
import type { ComponentPropsWithoutRef, ReactNode } from "react";
import type { Locale } from "@/lib/i18n/config";
import { getDictionary } from "@/lib/i18n/dictionaries";
import { tryItHref, type TryIt } from "@/lib/labs/try-it";
import Link from "next/link";
import { ArchitectureDiagram } from "./architecture-diagram";
import { Callout, Clarification, type CalloutType } from "./callout";
import { CopyButton } from "./copy-button";
import styles from "./lesson.module.css";

/** A heading that is its own anchor link, so any section can be linked to. */
function anchoredHeading(Tag: "h2" | "h3") {
  return function AnchoredHeading({ id, children, ...rest }: ComponentPropsWithoutRef<"h2">) {
    if (!id) return <Tag {...rest}>{children}</Tag>;
    return (
      <Tag id={id} {...rest}>
        <a href={`#${id}`} className={styles.anchor}>
          {children}
        </a>
      </Tag>
    );
  };
}

/** The components the lesson MDX may use, with labels in the lesson's language. */
export function lessonComponents(locale: Locale): MDXComponents {
  const t = getDictionary(locale).lesson;
  const copyLabels = { copy: t.copy, copied: t.copied, failed: t.copyFailed, aria: t.copyCode };
  return {
    h2: anchoredHeading("h2"),
    h3: anchoredHeading("h3"),
    pre: ({
      "data-language": language,
      "data-try": tryData,
      ...props
    }: ComponentPropsWithoutRef<"pre"> & { "data-language"?: string; "data-try"?: string }) => {
      const target = tryData ? (JSON.parse(tryData) as TryIt) : undefined;
      return (
        <div className={styles.codeBlock} data-code-block="">
          <div className={styles.codeBar}>
            <span className={styles.codeLanguage}>{language && language !== "text" ? language : ""}</span>
            {target ? (
              <Link className={styles.tryIt} href={tryItHref(locale, target)} data-testid="try-it" prefetch={false}>
                {t.tryIt}
              </Link>
            ) : null}
            <CopyButton labels={copyLabels} />
          </div>
          <pre {...props} />
        </div>
      );
    },
    table: (props: ComponentPropsWithoutRef<"table">) => (
      <div className={styles.tableWrap}>
        <table {...props} />
      </div>
    ),
    Callout: ({ type = "note", title, children }: { type?: CalloutType; title?: string; children: ReactNode }) => (
      <Callout type={type} title={title} label={t.callout[type] ?? t.callout.note}>
        {children}
      </Callout>
    ),
    Clarification: ({ children }: { children: ReactNode }) => (
      <Clarification label={t.clarification} hint={t.clarificationHint}>
        {children}
      </Clarification>
    ),
    ArchitectureDiagram: () => <ArchitectureDiagram locale={locale} />,
  };
}
