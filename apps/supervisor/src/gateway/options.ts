// The supervisor's command line and environment: flags over environment over defaults; every mistake
// is refused with what and where, before anything starts.
export interface SupervisorOptions {
  natsUrl: string;
  port: number;
  host: string;
  dev: boolean;
  token: string;
  /** Origins allowed to open the WebSocket besides the server's own (HELIOS_SUPERVISOR_ORIGINS, comma-separated). */
  allowedOrigins: string[];
  /** Where the services write their logs (`<home>/logs/<service>-<instance>.log`). */
  home: string;
  dataDir: string;
  /** NATS monitoring endpoint (`http://127.0.0.1:8222`) for server health, when known. */
  monitorUrl?: string;
}

export class OptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionsError';
  }
}

export const SUPERVISOR_USAGE = `usage: supervisor --nats URL [--port 3000] [--host 127.0.0.1] [--dev] [--home DIR] [--data-dir DIR] [--monitor URL]
  env: HELIOS_SUPERVISOR_TOKEN (required: the access token), HELIOS_SUPERVISOR_ORIGINS (extra WebSocket origins,
       comma-separated), HELIOS_NATS_URL, HELIOS_SUPERVISOR_PORT, HELIOS_HOME, HELIOS_DATA_DIR, HELIOS_NATS_MONITOR_URL`;

/** Tokens shorter than this are refused: the token is the only thing between the network and the kill switch. */
export const MIN_TOKEN_LENGTH = 16;

export function parseSupervisorArgs(argv: readonly string[], env: NodeJS.ProcessEnv, defaults: { home: string; dataDir: string }): SupervisorOptions {
  const valued = new Set(['nats', 'port', 'host', 'home', 'data-dir', 'monitor']);
  const flags: Record<string, string> = {};
  let dev = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--dev') {
      dev = true;
      continue;
    }
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : ['', undefined];
    if (!valued.has(name)) throw new OptionsError(`supervisor: unknown argument ${JSON.stringify(arg)}\n${SUPERVISOR_USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') throw new OptionsError(`supervisor: --${name} needs a value`);
    flags[name] = value;
  }
  const natsUrl = flags['nats'] ?? env['HELIOS_NATS_URL'] ?? 'nats://127.0.0.1:4222';
  if (!/^(nats|tls|wss?):\/\/[^\s]+$/.test(natsUrl)) throw new OptionsError(`supervisor: --nats must be a nats:// URL, got ${JSON.stringify(natsUrl)}`);
  const portText = flags['port'] ?? env['HELIOS_SUPERVISOR_PORT'] ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new OptionsError(`supervisor: --port must be a whole number 0-65535, got ${JSON.stringify(portText)}`);
  const token = env['HELIOS_SUPERVISOR_TOKEN'] ?? '';
  if (token.length === 0) {
    throw new OptionsError('supervisor: HELIOS_SUPERVISOR_TOKEN is not set; the supervisor refuses to start without an access token (tools/up generates one in $HELIOS_HOME/supervisor.token)');
  }
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new OptionsError(`supervisor: HELIOS_SUPERVISOR_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters without whitespace (got ${token.length} characters)`);
  }
  const allowedOrigins = (env['HELIOS_SUPERVISOR_ORIGINS'] ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o.length > 0);
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new OptionsError(`supervisor: HELIOS_SUPERVISOR_ORIGINS: ${JSON.stringify(origin)} is not an origin like http://host:port (no path)`);
    }
  }
  const monitorUrl = flags['monitor'] ?? env['HELIOS_NATS_MONITOR_URL'];
  if (monitorUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(monitorUrl)) throw new OptionsError(`supervisor: --monitor must be an http:// URL, got ${JSON.stringify(monitorUrl)}`);
  return {
    natsUrl,
    port,
    host: flags['host'] ?? '127.0.0.1',
    dev,
    token,
    allowedOrigins,
    home: flags['home'] ?? env['HELIOS_HOME'] ?? defaults.home,
    dataDir: flags['data-dir'] ?? env['HELIOS_DATA_DIR'] ?? defaults.dataDir,
    monitorUrl: monitorUrl?.replace(/\/$/, ''),
  };
}
