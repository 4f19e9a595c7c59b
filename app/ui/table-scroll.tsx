import type { ReactNode } from "react";
import styles from "./table-scroll.module.css";

/**
 * A data table that may be wider than a phone scrolls sideways inside this box, not the page.
 * The box is a named, focusable region so a keyboard user can scroll it too (axe's
 * scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className={styles.scroll} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
