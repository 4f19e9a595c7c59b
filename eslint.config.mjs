import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// The engine must replay bit for bit from a seed and run in a worker, in Node and on the
// server: no clock, no randomness, no timers, no I/O, no host objects. Time, randomness
// and logging come in through its configuration.
const engineForbiddenGlobals = [
  "Date",
  "setTimeout",
  "setInterval",
  "setImmediate",
  "clearTimeout",
  "clearInterval",
  "queueMicrotask",
  "requestAnimationFrame",
  "performance",
  "fetch",
  "postMessage",
  "console",
  "crypto",
  "process",
  "window",
  "self",
  "document",
  "globalThis",
  "navigator",
  "localStorage",
  "indexedDB",
  "require",
].map((name) => ({ name, message: `lib/engine is deterministic and host-free: ${name} is not allowed (inject it through the config).` }));

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Lab definitions and their checks run with the engine: in the worker and, to verify a run, on the server.
    files: [
      "lib/engine/**/*.ts",
      "lib/labs/**/*.ts",
      "lib/metrics/**/*.ts",
      "content/labs/**/*.ts",
      "lib/worker/host.ts",
      "lib/worker/protocol.ts",
    ],
    rules: {
      "no-restricted-globals": ["error", ...engineForbiddenGlobals],
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "Use the seeded Rng from lib/engine/sim/rng." }],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["node:*", "fs", "path", "crypto", "os", "child_process", "react", "next", "next/*", "@/app/*"],
              message: "lib/engine (and the labs that run with it) import only lib/engine, lib/labs and content/labs.",
            },
          ],
        },
      ],
    },
  },
  globalIgnores([
    ".next/**",
    "lib/generated/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
    "public/lab-engine.js",
    "public/lab-start.js",
  ]),
]);
