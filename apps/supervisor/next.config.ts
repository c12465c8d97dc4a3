import { join } from 'node:path';
import type { NextConfig } from 'next';

const config: NextConfig = {
  // The workspace root: the app imports the workspace libraries (@helios/contracts, strategy-dsl).
  turbopack: { root: join(__dirname, '..', '..') },
  outputFileTracingRoot: join(__dirname, '..', '..'),
  poweredByHeader: false,
  reactStrictMode: true,
  devIndicators: false,
};

export default config;
