import * as React from "react";
import * as jsxRuntime from "react/jsx-runtime";
import type { ComponentType, ReactElement } from "react";
import type { MDXComponents } from "mdx/types";

// mdx-bundler compiles MDX into the body of a function that expects React and the JSX
// runtime in scope. This is mdx-bundler/client's getMDXComponent, written against the
// app's own React so Server Components render it with the React that Next.js bundles.
type MdxContent = ComponentType<{ components?: MDXComponents }>;

/** Compiled documents kept evaluated; a handful of lessons × languages, so small. */
const EVALUATED_MAX = 32;
const evaluated = new Map<string, MdxContent>();

function componentFor(code: string): MdxContent {
  let component = evaluated.get(code);
  if (!component) {
    const scope = { React, _jsx_runtime: jsxRuntime };
    const fn = new Function(...Object.keys(scope), code) as (...args: unknown[]) => { default: MdxContent };
    component = fn(...Object.values(scope)).default;
    if (evaluated.size >= EVALUATED_MAX) evaluated.delete(evaluated.keys().next().value!);
    evaluated.set(code, component);
  }
  return component;
}

/** Renders compiled MDX with the given components. */
export function renderMdx(code: string, components: MDXComponents): ReactElement {
  return React.createElement(componentFor(code), { components });
}
