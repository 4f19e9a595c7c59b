"use client";

import { useEffect, useRef, useState } from "react";
import type { TocItem } from "@/lib/content/heading-ids";
import { markSectionReadAction } from "@/lib/actions/progress";
import styles from "./lesson.module.css";

/** Each h3 with the id of the h2 it belongs to. */
function withSections(items: TocItem[]) {
  let section: string | null = null;
  return items.map((item) => {
    if (item.depth === 2) section = item.id;
    return { ...item, section };
  });
}

/**
 * The lesson's contents, following the reader: the heading being read is highlighted,
 * and only the current section unfolds its subsections. The active heading is the last
 * one that has scrolled up to the top of the reading area (or the last of all at the end
 * of the page, where short final sections never reach the top).
 */
export function TableOfContents({
  items,
  title,
  lesson,
  initiallyRead,
  readLabel,
}: {
  items: TocItem[];
  title: string;
  lesson: string;
  /** Sections the signed-in reader has read; null for a visitor, whose reading is not recorded. */
  initiallyRead: string[] | null;
  readLabel: string;
}) {
  const [active, setActive] = useState<string | null>(null);
  const [read, setRead] = useState(() => new Set(initiallyRead ?? []));
  const reported = useRef(new Set(initiallyRead ?? []));

  useEffect(() => {
    const headings = items.map((item) => document.getElementById(item.id)).filter((el): el is HTMLElement => el !== null);
    if (headings.length === 0) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      // A heading is being read once it has reached the top of the reading area (where an
      // anchor jump puts it: the scroll padding below the sticky header).
      const line = (Number.parseFloat(getComputedStyle(document.documentElement).scrollPaddingTop) || 0) + 8;
      const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
      let current: string = headings[0]!.id;
      if (atBottom) current = headings.at(-1)!.id;
      else
        for (const heading of headings) {
          if (heading.getBoundingClientRect().top <= line) current = heading.id;
          else break;
        }
      setActive(current);
      if (initiallyRead === null) return;
      // A section is read once the reader has reached its end: the next heading (or the page's
      // end) has come into view.
      const fresh = headings.filter(
        (h, i) =>
          !reported.current.has(h.id) && (atBottom || (headings[i + 1]?.getBoundingClientRect().top ?? Infinity) < window.innerHeight),
      );
      if (fresh.length === 0) return;
      for (const h of fresh) {
        reported.current.add(h.id);
        void markSectionReadAction({ lesson, section: h.id }).catch(() => reported.current.delete(h.id));
      }
      setRead(new Set(reported.current));
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update);
    };
    update();
    window.addEventListener("scroll", schedule, { passive: true });
    window.addEventListener("resize", schedule);
    // Content that grows after the last scroll (late fonts, a diagram, hydration) moves the
    // headings without a scroll event; the page's height changing is the signal for that.
    const layout = new ResizeObserver(schedule);
    layout.observe(document.body);
    return () => {
      layout.disconnect();
      window.removeEventListener("scroll", schedule);
      window.removeEventListener("resize", schedule);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [items, lesson, initiallyRead]);

  const entries = withSections(items);
  const activeSection = entries.find((entry) => entry.id === active)?.section ?? null;

  return (
    <nav aria-label={title} className={styles.toc} data-testid="toc">
      <p className={styles.tocTitle}>{title}</p>
      <ol className={styles.tocList}>
        {entries
          .filter((item) => item.depth === 2 || item.section === activeSection)
          .map((item) => (
            <li key={item.id} className={item.depth === 3 ? styles.tocSub : undefined}>
              <a href={`#${item.id}`} aria-current={active === item.id ? "location" : undefined} data-read={read.has(item.id) || undefined}>
                {item.text}
                {read.has(item.id) ? <span className="visually-hidden"> ({readLabel})</span> : null}
              </a>
            </li>
          ))}
      </ol>
    </nav>
  );
}
