import { parseOhlcvCsv } from '@helios/domain-market-data';
import { runCli } from '../cli';
import { memoryIo } from '../io';

async function synth(args: string[]): Promise<string> {
  const io = memoryIo();
  expect(await runCli(['synth', '--out', '-', ...args], io)).toBe(0);
  return io.stdout;
}

describe('helios synth', () => {
  it('writes the same valid bars for the same seed, different ones for another seed', async () => {
    const a = await synth(['--seed', '7', '--bars', '500', '--tf', '1m', '--start', '2024-03-01']);
    expect(await synth(['--seed', '7', '--bars', '500', '--tf', '1m', '--start', '2024-03-01'])).toBe(a);
    expect(await synth(['--seed', '8', '--bars', '500', '--tf', '1m', '--start', '2024-03-01'])).not.toBe(a);
    const { series } = parseOhlcvCsv(a);
    expect(series.length).toBe(500);
    expect(series.time[0]).toBe(Date.UTC(2024, 2, 1));
    expect(series.time[499] - series.time[0]).toBe(499 * 60_000);
  });

  it('refuses a bad timeframe or start with exit 2', async () => {
    const tf = memoryIo();
    expect(await runCli(['synth', '--out', '-', '--tf', '1y'], tf)).toBe(2);
    expect(tf.stderr).toContain('--tf: timeframe "1y" is not a count and a unit');
    const start = memoryIo();
    expect(await runCli(['synth', '--out', '-', '--start', 'soon'], start)).toBe(2);
    expect(start.stderr).toContain('--start "soon" is not an ISO date');
  });
});
