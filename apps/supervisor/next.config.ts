import { join } from 'node:path';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The workspace root: the app imports the workspace libraries (@helios/contracts, strategy-dsl).
  turbopack: { root: join(__dirname, '..', '..') },
  outputFileTracingRoot: join(__dirname, '..', '..'),
  // A separate build folder per concurrent build (tests and engineers building at once): NEXT_DIST_DIR.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
};

export default config;
