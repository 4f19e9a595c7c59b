"use client";

import { useEffect, useRef, useState } from "react";
import styles from "./lesson.module.css";

type Status = "idle" | "copied" | "failed";

/** How long "Copied" stays on the button. */
const FEEDBACK_MS = 2_000;

/**
 * Copies the code block it sits in. The text is read from the rendered <pre> on click,
 * so the page does not carry every code block twice.
 */
export function CopyButton({ labels }: { labels: { copy: string; copied: string; failed: string; aria: string } }) {
  const [status, setStatus] = useState<Status>("idle");
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);

  async function copy(button: HTMLButtonElement) {
    const text = button.closest("[data-code-block]")?.querySelector("pre")?.textContent ?? "";
    let ok = false;
    try {
      await navigator.clipboard.writeText(text);
      ok = true;
    } catch {
      ok = legacyCopy(text);
    }
    setStatus(ok ? "copied" : "failed");
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus("idle"), FEEDBACK_MS);
  }

  return (
    <button type="button" className={styles.copy} aria-label={labels.aria} onClick={(e) => copy(e.currentTarget)} data-status={status}>
      <span aria-live="polite">{status === "copied" ? labels.copied : status === "failed" ? labels.failed : labels.copy}</span>
    </button>
  );
}

/** For pages served over plain HTTP, where the async clipboard API is unavailable. */
function legacyCopy(text: string): boolean {
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  try {
    return document.execCommand("copy");
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
