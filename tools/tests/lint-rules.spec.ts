import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The rules only matter if they fire: lint snippets placed (virtually) in the protected folders,
// with the workspace's real config, in one ESLint process.
const snippets = {
  dateNow: ['libs/domain/orders/src/example.ts', 'export const t = () => Date.now();\n'],
  newDate: ['libs/domain/orders/src/example.ts', 'export const t = () => new Date();\n'],
  mathRandom: ['libs/domain/orders/src/example.ts', 'export const r = () => Math.random();\n'],
  randomUUID: [
    'libs/domain/orders/src/example.ts',
    "import { randomUUID } from 'node:crypto';\nexport const a = () => randomUUID();\nexport const b = () => crypto.randomUUID();\n",
  ],
  indicators: ['libs/indicators/src/sma.ts', 'export const t = () => Date.now() + Math.random();\n'],
  eventTime: ['libs/domain/orders/src/example.ts', 'export const d = (ts: number) => new Date(ts).toISOString();\n'],
  outside: ['libs/nats/src/example.ts', 'export const t = () => Date.now();\n'],
  spec: ['libs/domain/orders/src/example.spec.ts', 'export const t = () => Date.now();\n'],
} as const;

type Name = keyof typeof snippets;
let results: Record<Name, string[]>;

beforeAll(() => {
  const names = Object.keys(snippets) as Name[];
  const input = JSON.stringify(names.map((n) => ({ file: snippets[n][0], code: snippets[n][1] })));
  const out = JSON.parse(
    execFileSync(process.execPath, [join(__dirname, 'lint-probe.mjs')], { input, encoding: 'utf8', cwd: join(__dirname, '..', '..') }),
  ) as string[][];
  results = Object.fromEntries(names.map((n, i) => [n, out[i]])) as Record<Name, string[]>;
}, 60_000);

describe('determinism ban in domain and indicator code', () => {
  it.each(['dateNow', 'newDate', 'mathRandom'] as const)('rejects %s in libs/domain/**', (name) => {
    expect(results[name]).toHaveLength(1);
    expect(results[name][0]).toMatch(/^no-restricted-syntax: /);
  });

  it('rejects both randomUUID() forms', () => {
    expect(results.randomUUID).toEqual([
      expect.stringContaining('randomUUID() is not reproducible'),
      expect.stringContaining('randomUUID() is not reproducible'),
    ]);
  });

  it('rejects the same calls in libs/indicators/**', () => {
    expect(results.indicators).toEqual([
      expect.stringContaining('Date.now() reads the wall clock'),
      expect.stringContaining('Math.random() is not reproducible'),
    ]);
  });

  it('allows event time passed in, and the wall clock outside the pure libraries', () => {
    expect(results.eventTime).toEqual([]);
    expect(results.outside).toEqual([]);
  });

  it('does not apply to spec files, which may time themselves', () => {
    expect(results.spec).toEqual([]);
  });
});
