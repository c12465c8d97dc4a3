/**
 * Where a Helios process connects and as whom, from its `--nats` value and the environment.
 *
 * A `--nats` value is one server URL or a comma-separated list (`nats://a:4222,nats://b:4222`: a
 * cluster, so the client fails over to another node). The 3-node cluster (infra/nats/cluster)
 * admits clients with a token only, so every process also needs credentials:
 * - from the environment (preferred: a URL is printed in logs, in `ps` and in the node agent's
 *   manifest, the environment is not): `HELIOS_NATS_TOKEN`, or `HELIOS_NATS_USER` with
 *   `HELIOS_NATS_PASSWORD`;
 * - or in the URL itself: `nats://TOKEN@host:4222` (a user alone is a token, as in NATS' own tools)
 *   or `nats://USER:PASSWORD@host:4222`, percent-encoded. The client library does not read
 *   credentials from URLs (it would connect without them and be refused), so they are taken out
 *   here and passed as options; credentials in the URL win over the environment.
 */
export interface NatsConnectTarget {
  /** The server URLs without credentials. */
  readonly servers: string[];
  readonly token?: string;
  readonly user?: string;
  readonly pass?: string;
}

type Credentials = Pick<NatsConnectTarget, 'token' | 'user' | 'pass'>;

const SCHEME = /^(nats|tls|ws|wss):\/\//i;

/** A `--nats` value the client cannot use: names the entry and why. */
export class NatsUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NatsUrlError';
  }
}

/** `servers` and credentials for `connect()` from a `--nats` value and the environment. */
export function natsConnectTarget(url: string, env: NodeJS.ProcessEnv = process.env): NatsConnectTarget {
  const entries = url.split(',').map((s) => s.trim());
  if (entries.some((e) => e.length === 0)) throw new NatsUrlError(`NATS URL ${JSON.stringify(redactNatsUrl(url))}: an empty server in the list`);
  const servers: string[] = [];
  let fromUrl: Credentials | undefined;
  let fromUrlText = '';
  for (const entry of entries) {
    const { server, credentials, text } = splitEntry(entry);
    servers.push(server);
    if (credentials === undefined) continue;
    if (fromUrl !== undefined && text !== fromUrlText) {
      throw new NatsUrlError(`NATS URL ${JSON.stringify(redactNatsUrl(url))}: the servers name different credentials; give them once (or in HELIOS_NATS_TOKEN)`);
    }
    fromUrl = credentials;
    fromUrlText = text;
  }
  return { servers, ...(fromUrl ?? credentialsFromEnv(env)) };
}

/** The URL with any credentials replaced by `***`, for messages and logs. */
export function redactNatsUrl(url: string): string {
  return url
    .split(',')
    .map((entry) => entry.replace(/^(\s*(?:[a-z]+:\/\/)?)[^@/\s]*@/i, '$1***@'))
    .join(',');
}

function splitEntry(entry: string): { server: string; credentials: Credentials | undefined; text: string } {
  const at = entry.lastIndexOf('@');
  if (at < 0) return { server: entry, credentials: undefined, text: '' };
  const scheme = SCHEME.exec(entry);
  const start = scheme ? scheme[0].length : 0;
  if (at < start) return { server: entry, credentials: undefined, text: '' };
  const userinfo = entry.slice(start, at);
  const server = entry.slice(0, start) + entry.slice(at + 1);
  if (userinfo.length === 0) throw new NatsUrlError(`NATS URL ${JSON.stringify(redactNatsUrl(entry))}: nothing before '@'`);
  const colon = userinfo.indexOf(':');
  const decode = (s: string, what: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new NatsUrlError(`NATS URL ${JSON.stringify(redactNatsUrl(entry))}: the ${what} is not valid percent-encoding`);
    }
  };
  if (colon < 0) return { server, credentials: { token: decode(userinfo, 'token') }, text: userinfo };
  const user = decode(userinfo.slice(0, colon), 'user');
  if (user.length === 0) throw new NatsUrlError(`NATS URL ${JSON.stringify(redactNatsUrl(entry))}: a password without a user`);
  return { server, credentials: { user, pass: decode(userinfo.slice(colon + 1), 'password') }, text: userinfo };
}

function credentialsFromEnv(env: NodeJS.ProcessEnv): Credentials {
  const token = env['HELIOS_NATS_TOKEN'];
  if (token) return { token };
  const user = env['HELIOS_NATS_USER'];
  if (user) return { user, pass: env['HELIOS_NATS_PASSWORD'] ?? '' };
  return {};
}
