/** Backticked `code` in a prompt, shown as code. */
export function Prose({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/(`[^`]+`)/)
        .map((part, i) =>
          part.startsWith("`") && part.endsWith("`") && part.length > 1 ? (
            <code key={i}>{part.slice(1, -1)}</code>
          ) : (
            <span key={i}>{part}</span>
          ),
        )}
    </>
  );
}
