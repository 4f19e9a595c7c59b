import "server-only";
import { createHighlighterCore, type HighlighterCore } from "shiki/core";
import { createJavaScriptRegexEngine } from "shiki/engine/javascript";

// Code is highlighted once, on the server, when the lesson is compiled: the browser gets
// coloured HTML and no highlighting code. The JavaScript regex engine avoids loading
// Oniguruma's WebAssembly inside the server bundle.

export const CODE_THEMES = { light: "github-light-default", dark: "github-dark-default" } as const;

/**
 * github-light-default's comment grey (#6e7781) has a contrast of 4.27:1 on the code
 * background, under WCAG AA's 4.5:1; the lesson's code is mostly comments, so they get
 * GitHub's darker muted grey (5.9:1).
 */
export const CODE_COLOR_REPLACEMENTS = { "github-light-default": { "#6e7781": "#59636e" } };

let highlighter: Promise<HighlighterCore> | undefined;

export function getHighlighter(): Promise<HighlighterCore> {
  highlighter ??= createHighlighterCore({
    themes: [import("shiki/themes/github-light-default.mjs"), import("shiki/themes/github-dark-default.mjs")],
    langs: [
      import("shiki/langs/bash.mjs"),
      import("shiki/langs/yaml.mjs"),
      import("shiki/langs/json.mjs"),
      import("shiki/langs/typescript.mjs"),
    ],
    engine: createJavaScriptRegexEngine(),
  });
  return highlighter;
}
