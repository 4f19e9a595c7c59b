import type { ReactNode } from "react";
import styles from "./lesson.module.css";

export type CalloutType = "note" | "warning" | "danger";

const icons: Record<CalloutType, string> = { note: "ℹ", warning: "⚠", danger: "⛔" };

/** A highlighted note, warning or danger inside the lesson (`<Callout type="warning">`). */
export function Callout({
  type = "note",
  title,
  label,
  children,
}: {
  type?: CalloutType;
  title?: string;
  /** The localized word for the type ("Warning"), given by the lesson's component map. */
  label: string;
  children: ReactNode;
}) {
  return (
    <div role="note" className={`${styles.callout} ${styles[type]}`} data-callout={type}>
      <p className={styles.calloutTitle}>
        <span aria-hidden="true" className={styles.calloutIcon}>
          {icons[type]}
        </span>
        <span>{title ? `${label}: ${title}` : label}</span>
      </p>
      <div className={styles.calloutBody}>{children}</div>
    </div>
  );
}

/**
 * An editorial clarification, visibly apart from the author's text: where the original
 * simplifies or is out of date, the text stays and this box says what is more precise.
 */
export function Clarification({ label, hint, children }: { label: string; hint: string; children: ReactNode }) {
  return (
    <div role="note" className={`${styles.callout} ${styles.clarification}`} data-callout="clarification">
      <p className={styles.calloutTitle}>
        <span aria-hidden="true" className={styles.calloutIcon}>
          ✎
        </span>
        <span>{label}</span>
        <span className={styles.calloutHint}>{hint}</span>
      </p>
      <div className={styles.calloutBody}>{children}</div>
    </div>
  );
}
