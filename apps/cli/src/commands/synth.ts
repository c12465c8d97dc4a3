import { formatOhlcvCsv, generateSyntheticOhlcv, parseIsoTime, timeframeToMs } from '@helios/domain-market-data';
import type { Command } from '../args/command';
import { EXIT_OK, UsageError } from '../args/usage-error';
import { writeOutput } from '../output-file';

export const synthCommand: Command = {
  name: 'synth',
  summary: 'write a seeded synthetic OHLCV CSV (trends, mean reversion, jumps)',
  usage: '--out FILE [--seed 42] [--bars 20000] [--tf 1h] [--start 2020-01-01] [--price 100] [--volatility 0.01]',
  flags: [
    { name: 'out', kind: 'string', valueName: 'FILE', required: true, description: 'output CSV, - for stdout' },
    { name: 'seed', kind: 'integer', valueName: 'N', default: 42, min: 0, description: 'generator seed (0..4294967295): same seed, same bars' },
    { name: 'bars', kind: 'integer', valueName: 'N', default: 20_000, min: 1, description: 'number of bars' },
    { name: 'tf', kind: 'string', valueName: 'TF', default: '1h', description: 'bar spacing, e.g. 1m, 1h, 1d' },
    { name: 'start', kind: 'string', valueName: 'DATE', default: '2020-01-01', description: 'open time of the first bar (ISO date or date-time, UTC)' },
    { name: 'price', kind: 'number', valueName: 'P', default: 100, min: 0, minExclusive: true, description: 'starting price' },
    { name: 'volatility', kind: 'number', valueName: 'SD', default: 0.01, min: 0, minExclusive: true, description: 'standard deviation of the log return per bar' },
  ],
  details: `The series switches at random (about every 200 bars) between an up-trend, a down-trend and mean
reversion, with rare jumps; every bar opens at the previous close. It depends only on the flags:
the Nx strategy projects generate their default backtest data with it, so a fresh clone needs no
data files.`,
  async run(flags, io) {
    const tf = flags['tf'] as string;
    let timeframeMs: number;
    try {
      timeframeMs = timeframeToMs(tf);
    } catch (error) {
      throw new UsageError(`--tf: ${(error as Error).message}`);
    }
    const start = flags['start'] as string;
    const startTime = parseIsoTime(start, 0, start.length);
    if (!(startTime >= 0)) throw new UsageError(`--start ${JSON.stringify(start)} is not an ISO date or date-time from 1970 on`);
    const seed = flags['seed'] as number;
    if (seed > 0xffffffff) throw new UsageError(`--seed must be at most 4294967295, got ${seed}`);
    const series = generateSyntheticOhlcv({
      seed,
      bars: flags['bars'] as number,
      startTime,
      timeframeMs,
      startPrice: flags['price'] as number,
      volatility: flags['volatility'] as number,
    });
    writeOutput(flags['out'] as string, formatOhlcvCsv(series), io);
    return EXIT_OK;
  },
};
