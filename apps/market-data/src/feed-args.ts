import { isId } from '@helios/contracts';
import { readFlags } from '@helios/kernel';
import { timeframeToMs } from '@helios/domain-market-data';
import type { Speed } from './adapters/pacer';

/** A command-line mistake: the process prints it with the usage and exits 2. */
export class FeedUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedUsageError';
  }
}

export type FeedSource =
  | { kind: 'csv'; file: string; venue: string; symbol: string; tf?: string; speed: Speed }
  | { kind: 'synthetic'; seed: number; venue: string; symbol: string; tf: string; startTime: number; bars: number; startPrice?: number; speed: Speed };

export interface FeedArgs {
  help: boolean;
  natsUrl: string;
  instance: string;
  httpPort: number;
  logLevel: string;
  run: string;
  exitWhenDone: boolean;
  /** KV `helios-config` key holding the last open time allowed out (a driver steps the feed). */
  releaseKey: string | undefined;
  source: FeedSource;
}

const FLAGS: Record<string, { value?: string; help: string }> = {
  '--nats': { value: 'URL', help: 'NATS server URL (default nats://127.0.0.1:4222) [env HELIOS_NATS_URL]' },
  '--instance': { value: 'ID', help: 'instance name (default main) [env HELIOS_INSTANCE]' },
  '--http-port': { value: 'N', help: 'loopback port of /healthz and /metrics; 0 picks a free one (default 0)' },
  '--log-level': { value: 'LEVEL', help: 'pino level (default info)' },
  '--run': { value: 'ID', help: '`run` of the published events (default live)' },
  '--csv': { value: 'FILE', help: 'replay this OHLCV CSV file' },
  '--synthetic': { help: 'publish the seeded synthetic feed instead of a file' },
  '--venue': { value: 'ID', help: 'venue token of the subjects (default replay for --csv, synthetic otherwise)' },
  '--symbol': { value: 'SYMBOL', help: 'instrument (default BTC-USDT)' },
  '--tf': { value: 'TF', help: 'timeframe, e.g. 1m (--csv default: the file\'s median bar spacing; --synthetic default 1m)' },
  '--speed': { value: 'N|max', help: 'N times real time by bar spacing, or max: as fast as acks allow (default max for --csv, 1 for --synthetic)' },
  '--seed': { value: 'N', help: 'synthetic seed, 0..4294967295 (default 1)' },
  '--bars': { value: 'N', help: 'synthetic series length (default 100000)' },
  '--start': { value: 'TIME', help: 'synthetic first bar open time, ISO-8601 or epoch ms (default 2024-01-01T00:00:00Z)' },
  '--start-price': { value: 'P', help: 'synthetic first price (default 100)' },
  '--exit-when-done': { help: 'exit 0 after the last bar instead of idling with heartbeats' },
  '--release-key': { value: 'KEY', help: 'publish only bars opening at or before the epoch ms stored under KEY in KV helios-config (watched; for drivers that step the feed)' },
};

export function feedUsage(): string {
  const lines = Object.entries(FLAGS).map(([flag, s]) => `  ${`${flag}${s.value ? ` ${s.value}` : ''}`.padEnd(22)} ${s.help}`);
  return ['usage: market-data (--csv FILE | --synthetic) [flags]', 'Publishes md.candle (and md.gap warnings) from a CSV replay or a seeded synthetic feed.', '', ...lines, `  ${'--help'.padEnd(22)} this text`, ''].join('\n');
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function integer(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new FeedUsageError(`${flag}: expected an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return Number(text);
}

function token(flag: string, text: string): string {
  if (!isId(text)) throw new FeedUsageError(`${flag}: expected 1-64 letters, digits, '-' or '_', got ${JSON.stringify(text)}`);
  return text;
}

function speed(text: string | undefined, fallback: Speed): Speed {
  if (text === undefined) return fallback;
  if (text === 'max') return 'max';
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(n > 0)) throw new FeedUsageError(`--speed: expected a number > 0 or max, got ${JSON.stringify(text)}`);
  return n;
}

function timeframe(text: string): string {
  try {
    timeframeToMs(text);
  } catch (err) {
    throw new FeedUsageError(`--tf: ${(err as Error).message}`);
  }
  return text;
}

function startTime(text: string): number {
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isSafeInteger(ms) || ms < 0) throw new FeedUsageError(`--start: expected an ISO-8601 time or epoch milliseconds, got ${JSON.stringify(text)}`);
  return ms;
}

function kvKey(text: string): string {
  if (!/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/.test(text)) throw new FeedUsageError(`--release-key: expected a KV key (tokens of letters, digits, '-', '_' joined by '.'), got ${JSON.stringify(text)}`);
  return text;
}

/** Flags (`--flag value` or `--flag=value`) over the environment over defaults. */
export function parseFeedArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): FeedArgs {
  const { given, help } = readFlags(argv, FLAGS, {
    fail: (message) => new FeedUsageError(message),
    unknown: (arg, flag) => (arg.startsWith('-') ? `unknown flag ${flag} (see --help)` : `unexpected argument ${JSON.stringify(arg)}`),
  });
  const pick = (flag: string, envName?: string) => given.get(flag) ?? (envName !== undefined && env[envName] ? env[envName] : undefined);

  const natsUrl = pick('--nats', 'HELIOS_NATS_URL') ?? 'nats://127.0.0.1:4222';
  if (!/^(nats|tls|ws|wss):\/\/\S+$/.test(natsUrl)) throw new FeedUsageError(`--nats: expected a URL such as nats://127.0.0.1:4222, got ${JSON.stringify(natsUrl)}`);
  const logLevel = pick('--log-level', 'HELIOS_LOG_LEVEL') ?? 'info';
  if (!LEVELS.includes(logLevel)) throw new FeedUsageError(`--log-level: expected one of ${LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  const common = {
    help,
    natsUrl,
    instance: token('--instance', pick('--instance', 'HELIOS_INSTANCE') ?? 'main'),
    httpPort: integer('--http-port', pick('--http-port', 'HELIOS_HTTP_PORT') ?? '0', 0, 65535),
    logLevel,
    run: token('--run', given.get('--run') ?? 'live'),
    exitWhenDone: given.has('--exit-when-done'),
    releaseKey: given.has('--release-key') ? kvKey(given.get('--release-key') as string) : undefined,
  };
  const csv = given.get('--csv');
  const synthetic = given.has('--synthetic');
  if (help && csv === undefined && !synthetic) return { ...common, source: { kind: 'synthetic', seed: 1, venue: 'synthetic', symbol: 'BTC-USDT', tf: '1m', startTime: 0, bars: 0, speed: 1 } };
  if ((csv === undefined) === !synthetic) throw new FeedUsageError('give exactly one source: --csv FILE or --synthetic');
  const symbol = token('--symbol', given.get('--symbol') ?? 'BTC-USDT');
  const tf = given.has('--tf') ? timeframe(given.get('--tf') as string) : undefined;
  if (csv !== undefined) {
    for (const f of ['--seed', '--bars', '--start', '--start-price']) if (given.has(f)) throw new FeedUsageError(`${f} applies to --synthetic only`);
    if (csv.length === 0) throw new FeedUsageError('--csv: the file name is empty');
    return { ...common, source: { kind: 'csv', file: csv, venue: token('--venue', given.get('--venue') ?? 'replay'), symbol, ...(tf ? { tf } : {}), speed: speed(given.get('--speed'), 'max') } };
  }
  const startPrice = given.get('--start-price');
  if (startPrice !== undefined && !(Number(startPrice) > 0)) throw new FeedUsageError(`--start-price: expected a number > 0, got ${JSON.stringify(startPrice)}`);
  return {
    ...common,
    source: {
      kind: 'synthetic',
      seed: integer('--seed', given.get('--seed') ?? '1', 0, 2 ** 32 - 1),
      venue: token('--venue', given.get('--venue') ?? 'synthetic'),
      symbol,
      tf: tf ?? '1m',
      startTime: startTime(given.get('--start') ?? '2024-01-01T00:00:00Z'),
      bars: integer('--bars', given.get('--bars') ?? '100000', 1, 10_000_000),
      ...(startPrice !== undefined ? { startPrice: Number(startPrice) } : {}),
      speed: speed(given.get('--speed'), 1),
    },
  };
}
