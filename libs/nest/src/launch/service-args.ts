import { isId } from '@helios/contracts';
import { readFlags } from '@helios/kernel';
import { readFileSync } from 'node:fs';

/** A command-line mistake: the message says what and where; the process exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ServiceArgs {
  help: boolean;
  natsUrl: string;
  instance: string;
  httpPort: number;
  /** Parsed `--config`; undefined when not given (the service then reads KV, then its defaults). */
  config: unknown;
  snapshotEvery: number | undefined;
  maxEventBytes: number | undefined;
  logLevel: string;
  /** Run scope of a distributed replay (`bt.<scope>.`); undefined for live and paper trading. */
  scope: string | undefined;
  /** The replay driver's per-service feed the inputs come from (`bt.<inputScope>.`). */
  inputScope: string | undefined;
}

interface FlagSpec {
  env?: string;
  value: string;
  help: string;
}

export const SERVICE_FLAGS: Readonly<Record<string, FlagSpec>> = {
  '--nats': { env: 'HELIOS_NATS_URL', value: 'URL', help: 'NATS server URL (default nats://127.0.0.1:4222)' },
  '--instance': { env: 'HELIOS_INSTANCE', value: 'ID', help: 'instance name: its own consumers, state and snapshot (default main)' },
  '--http-port': { env: 'HELIOS_HTTP_PORT', value: 'N', help: 'loopback port of /healthz and /metrics; 0 picks a free one (default 0)' },
  '--config': { env: 'HELIOS_SERVICE_CONFIG', value: 'JSON|@FILE', help: 'configuration JSON (or @path to a JSON file); default: KV helios-config key service.<name>, then built-in defaults' },
  '--snapshot-every': { value: 'N', help: 'snapshot every N applied events; 0 never (default 1000)' },
  '--max-event-bytes': { value: 'N', help: 'dead-letter input bodies larger than this as oversized (default: the streams\' 256 KiB)' },
  '--log-level': { env: 'HELIOS_LOG_LEVEL', value: 'LEVEL', help: 'pino level: fatal, error, warn, info, debug, trace, silent (default info)' },
  '--scope': { env: 'HELIOS_SCOPE', value: 'RUN', help: 'run inside a distributed replay: subjects, consumers, snapshot, config keys under bt.<RUN>. (default: unscoped)' },
  '--input-scope': { value: 'TOKEN', help: 'with --scope: consume from bt.<TOKEN>. (the replay driver\'s feed) instead of bt.<RUN>.' },
};

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function serviceUsage(name: string, description = ''): string {
  const lines = Object.entries(SERVICE_FLAGS).map(([flag, s]) => `  ${`${flag} ${s.value}`.padEnd(26)} ${s.help}${s.env ? ` [env ${s.env}]` : ''}`);
  return [`usage: ${name} [flags]`, ...(description ? [description] : []), '', 'flags:', ...lines, `  ${'--help'.padEnd(26)} this text`, ''].join('\n');
}

function integer(flag: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${flag}: expected an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  return Number(text);
}

function parseConfig(flag: string, text: string): unknown {
  let json = text;
  if (text.startsWith('@')) {
    try {
      json = readFileSync(text.slice(1), 'utf8');
    } catch (err) {
      throw new UsageError(`${flag}: cannot read ${text.slice(1)}: ${(err as Error).message}`);
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new UsageError(`${flag}: not valid JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${flag}: the configuration must be a JSON object`);
  return value;
}

/** Flags (`--flag value` or `--flag=value`) over environment variables over defaults. */
export function parseServiceArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ServiceArgs {
  const { given, help } = readFlags(argv, SERVICE_FLAGS, {
    fail: (message) => new UsageError(message),
    unknown: (arg, flag) =>
      arg.startsWith('-') ? `unknown flag ${flag} (known: ${Object.keys(SERVICE_FLAGS).join(', ')}, --help)` : `unexpected argument ${JSON.stringify(arg)}: services take flags only`,
  });
  const pick = (flag: string): string | undefined => {
    const env_ = SERVICE_FLAGS[flag].env;
    return given.get(flag) ?? (env_ !== undefined && env[env_] !== undefined && env[env_] !== '' ? env[env_] : undefined);
  };
  const source = (flag: string) => (given.has(flag) ? flag : `${flag} (from ${SERVICE_FLAGS[flag].env})`);

  const instance = pick('--instance') ?? 'main';
  if (!isId(instance)) throw new UsageError(`${source('--instance')}: must be 1-64 letters, digits, '-' or '_' starting with a letter or digit, got ${JSON.stringify(instance)}`);
  const natsUrl = pick('--nats') ?? 'nats://127.0.0.1:4222';
  if (!/^(nats|tls|ws|wss):\/\/[^\s]+$/.test(natsUrl) && !/^[^\s/:]+:\d+$/.test(natsUrl)) {
    throw new UsageError(`${source('--nats')}: expected a URL such as nats://127.0.0.1:4222, got ${JSON.stringify(natsUrl)}`);
  }
  const logLevel = pick('--log-level') ?? 'info';
  if (!LEVELS.includes(logLevel)) throw new UsageError(`${source('--log-level')}: expected one of ${LEVELS.join(', ')}, got ${JSON.stringify(logLevel)}`);
  const port = pick('--http-port');
  const config = pick('--config');
  const snapshotEvery = pick('--snapshot-every');
  const maxEventBytes = pick('--max-event-bytes');
  const scope = pick('--scope');
  const inputScope = pick('--input-scope');
  for (const [flag, value] of [['--scope', scope], ['--input-scope', inputScope]] as const) {
    if (value !== undefined && !isId(value)) throw new UsageError(`${source(flag)}: must be 1-64 letters, digits, '-' or '_' starting with a letter or digit, got ${JSON.stringify(value)}`);
  }
  if (inputScope !== undefined && scope === undefined) throw new UsageError('--input-scope needs --scope (the run it feeds)');
  return {
    help,
    natsUrl,
    instance,
    httpPort: port === undefined ? 0 : integer(source('--http-port'), port, 0, 65535),
    config: config === undefined ? undefined : parseConfig(source('--config'), config),
    snapshotEvery: snapshotEvery === undefined ? undefined : integer('--snapshot-every', snapshotEvery, 0, Number.MAX_SAFE_INTEGER),
    maxEventBytes: maxEventBytes === undefined ? undefined : integer('--max-event-bytes', maxEventBytes, 256, 64 * 1024 * 1024),
    logLevel,
    scope,
    inputScope,
  };
}
