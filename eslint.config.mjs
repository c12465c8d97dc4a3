import nx from '@nx/eslint-plugin';

// Calls that read the wall clock or a random source. Domain and indicator code must take time and
// ids as inputs so that the same inputs always give a byte-identical event log.
const nondeterminism = [
  {
    selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
    message: 'Date.now() reads the wall clock: take time from the Clock port or the event.',
  },
  {
    selector: "NewExpression[callee.name='Date'][arguments.length=0]",
    message: 'new Date() reads the wall clock: pass the event time in (new Date(ts) is fine).',
  },
  {
    selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
    message: 'Math.random() is not reproducible: take a seeded generator as an input.',
  },
  {
    selector: "CallExpression[callee.property.name='randomUUID']",
    message: 'randomUUID() is not reproducible: derive ids with the deterministic id function.',
  },
  {
    selector: "CallExpression[callee.name='randomUUID']",
    message: 'randomUUID() is not reproducible: derive ids with the deterministic id function.',
  },
  {
    selector: "CallExpression[callee.object.name='performance'][callee.property.name='now']",
    message: 'performance.now() reads a clock: domain code takes time as an input.',
  },
];

// Which libraries each kind of project may import (Nx tags).
const depConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  {
    sourceTag: 'type:domain',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'],
    bannedExternalImports: ['@nestjs/*', '@nats-io/*', 'nats', 'next', 'next/*', 'react', 'react-dom', 'pino'],
  },
  {
    sourceTag: 'type:kernel',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:kernel'],
    bannedExternalImports: ['@nestjs/*', '@nats-io/*', 'nats', 'next', 'next/*', 'react', 'react-dom'],
  },
  { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:kernel', 'type:infra'] },
  {
    sourceTag: 'type:testing',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:kernel', 'type:infra', 'type:testing'],
  },
  {
    sourceTag: 'type:app',
    onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:kernel', 'type:infra'],
  },
  // The supervisor's server (gateway) uses the infrastructure libraries like any app; its browser code is
  // kept off NATS by a no-restricted-imports rule in apps/supervisor/eslint.config.mjs (ADR 0013).
  { sourceTag: 'scope:supervisor', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain', 'type:kernel', 'type:infra'] },
  // Scripts, benchmarks, configuration checks and end-to-end tests may use any library.
  { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'type:config', onlyDependOnLibsWithTags: ['*'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['*'] },
];

// Tests of any library may use the nats-server harness and shared conformance suites.
const specDepConstraints = depConstraints.map((c) =>
  c.onlyDependOnLibsWithTags ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testing'] } : c,
);

const boundaries = (constraints) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?js$'],
    depConstraints: constraints,
  },
];

export const deterministicFiles = ['libs/domain/**/*.ts', 'libs/indicators/**/*.ts'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/.cache', '**/.nx', '**/tmp', '**/coverage', '**/out-tsc'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.mjs', '**/*.cjs', '**/*.cts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(depConstraints),
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec.tsx', '**/*.test.ts', '**/spec-support/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(specDepConstraints) },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: deterministicFiles,
    ignores: ['**/*.spec.ts', '**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', ...nondeterminism] },
  },
];
