// @ts-check

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // mdx-bundler drives esbuild, which spawns its native binary: both must stay
  // plain Node modules on the server rather than be bundled by Turbopack.
  serverExternalPackages: ["mdx-bundler", "esbuild", "better-sqlite3", "@prisma/adapter-better-sqlite3"],
  // The lesson MDX is read from content/ at run time; make sure a standalone
  // trace of the server includes it.
  outputFileTracingIncludes: {
    "/[locale]/lessons/[slug]": ["./content/lessons/**/*"],
  },
};

module.exports = nextConfig;
