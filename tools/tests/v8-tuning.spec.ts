import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

// The V8 flags every app starts with (tools/lib/v8-tuning.js, applied by the launcher).
const tuning = require('../lib/v8-tuning.js') as { V8_TUNING_FLAGS: readonly string[]; pendingFlags(given?: string[], env?: Record<string, string>): string[] };

describe('tools/lib/v8-tuning.js', () => {
  it('raises the three inlining budgets', () => {
    expect(tuning.V8_TUNING_FLAGS).toEqual([
      '--max-inlined-bytecode-size=1500',
      '--max-inlined-bytecode-size-cumulative=5000',
      '--max-inlined-bytecode-size-absolute=10000',
    ]);
    expect(tuning.pendingFlags([], {})).toEqual(tuning.V8_TUNING_FLAGS);
  });

  it('sets nothing with HELIOS_V8_TUNING=0', () => {
    expect(tuning.pendingFlags([], { HELIOS_V8_TUNING: '0' })).toEqual([]);
    expect(tuning.pendingFlags([], { HELIOS_V8_TUNING: '1' })).toEqual(tuning.V8_TUNING_FLAGS);
  });

  it('leaves a flag the user gave alone, in either spelling', () => {
    expect(tuning.pendingFlags(['--max-inlined-bytecode-size=100', '--max_inlined_bytecode_size_absolute=200', '--inspect'], {})).toEqual([
      '--max-inlined-bytecode-size-cumulative=5000',
    ]);
  });

  it('reads the node command line and NODE_OPTIONS of the process it runs in', () => {
    const script = `process.stdout.write(JSON.stringify(require(${JSON.stringify(join(__dirname, '..', 'lib', 'v8-tuning.js'))}).pendingFlags()))`;
    const run = (args: string[], nodeOptions: string) =>
      JSON.parse(execFileSync(process.execPath, [...args, '-e', script], { env: { ...process.env, NODE_OPTIONS: nodeOptions, HELIOS_V8_TUNING: '' }, encoding: 'utf8' })) as string[];
    expect(run(['--max-inlined-bytecode-size-cumulative=4000'], '')).toEqual(['--max-inlined-bytecode-size=1500', '--max-inlined-bytecode-size-absolute=10000']);
    expect(run([], '--max-old-space-size=512')).toEqual(tuning.V8_TUNING_FLAGS);
  });
});
