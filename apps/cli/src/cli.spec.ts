import { COMMANDS, runCli } from './cli';
import { memoryIo } from './io';
import { runHeliosChild } from '../spec-support/run-cli';

describe('helios command line', () => {
  it.each(COMMANDS.map((c) => c.name))('helios %s --help prints its usage and every flag, exit 0', async (name) => {
    const io = memoryIo();
    expect(await runCli([name, '--help'], io)).toBe(0);
    expect(io.stdout).toContain(`Usage: helios ${name} `);
    const command = COMMANDS.find((c) => c.name === name);
    for (const flag of command?.flags ?? []) expect(io.stdout).toContain(`--${flag.name}`);
  });

  it('helios --help lists every command', async () => {
    const io = memoryIo();
    expect(await runCli(['--help'], io)).toBe(0);
    for (const c of COMMANDS) expect(io.stdout).toContain(`  ${c.name}`);
  });

  it('an unknown command exits 2 naming it', async () => {
    const io = memoryIo();
    expect(await runCli(['frobnicate'], io)).toBe(2);
    expect(io.stderr).toContain('helios: unknown command "frobnicate"');
  });

  it('an unknown flag exits 2 naming the flag', async () => {
    const io = memoryIo();
    expect(await runCli(['indicators', '--data', 'x.csv', '--out', '-', '--colour', 'red'], io)).toBe(2);
    expect(io.stderr).toBe('helios indicators: unknown flag --colour (see helios indicators --help)\n');
  });

  it('a missing required flag, a missing value and a positional argument exit 2', async () => {
    const missing = memoryIo();
    expect(await runCli(['indicators', '--out', '-'], missing)).toBe(2);
    expect(missing.stderr).toContain('missing required flag --data');
    const noValue = memoryIo();
    expect(await runCli(['indicators', '--out', '-', '--data'], noValue)).toBe(2);
    expect(noValue.stderr).toContain('flag --data needs a value (FILE)');
    const positional = memoryIo();
    expect(await runCli(['indicators', 'data.csv'], positional)).toBe(2);
    expect(positional.stderr).toContain('unexpected argument "data.csv"');
  });

  it('a number outside its range exits 2 naming the flag and the bound', async () => {
    const big = memoryIo();
    expect(await runCli(['chaos', '--duration', '1', '--seed', '4294967296'], big)).toBe(2);
    expect(big.stderr).toBe('helios chaos: flag --seed must be <= 4294967295, got 4294967296\n');
    const negative = memoryIo();
    expect(await runCli(['chaos', '--duration', '1', '--seed', '-1'], negative)).toBe(2);
    expect(negative.stderr).toBe('helios chaos: flag --seed must be >= 0, got -1\n');
  });

  it('as a child process: an unknown flag exits 2, and stderr names the flag', () => {
    const result = runHeliosChild(['indicators', '--bogus']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown flag --bogus');
  });
});
