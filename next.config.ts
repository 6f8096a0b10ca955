import type { NextConfig } from "next";

const config: NextConfig = {
  // Separate build folders let the test suite and a developer's build coexist.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  poweredByHeader: false,
};

export default config;
