import type { NextConfig } from "next";

const config: NextConfig = {
  // Separate build folders let the test suite and a developer's build coexist.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
  cacheComponents: true,
  partialPrefetching: true,
  // One copy of ioredis for the whole server: instrumentation.ts's bundle (the API
  // table's own server) and the route handlers share one client (and its Cluster
  // class, which `instanceof` checks), so it must not be bundled into each.
  serverExternalPackages: ["ioredis"],
  // The build type-checks the app alone; tests, scripts and benchmarks are
  // checked by the unit suite's typecheck test, so a test's typo never blocks a build.
  typescript: { tsconfigPath: "tsconfig.app.json" },
  // Chromium still asks for /favicon.ico now and then (after a history navigation, before the
  // page's <link rel="icon"> is read): it gets the same icon, not a 404 in the console.
  rewrites: () => Promise.resolve([{ source: "/favicon.ico", destination: "/icon.svg" }]),
};

export default config;
