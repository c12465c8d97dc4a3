/**
 * Helios relies on server features from 2.11 (per-key TTL and delete markers, consumer options that
 * older servers silently drop), so it refuses to run on anything older.
 */
export const MIN_SERVER_VERSION = '2.11.0';

export interface SemVer {
  major: number;
  minor: number;
  patch: number;
}

export function parseServerVersion(version: string): SemVer {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version.trim());
  if (!m) throw new Error(`nats-server version "${version}" is not of the form MAJOR.MINOR.PATCH`);
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) };
}

export function compareVersions(a: SemVer, b: SemVer): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export class UnsupportedServerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedServerError';
  }
}

/** What the server said about itself in its INFO (`nc.info`). */
export interface ServerInfoLike {
  version?: string;
  jetstream?: boolean;
  server_name?: string;
}

/** Throws UnsupportedServerError unless the server runs JetStream at version >= `min`. */
export function assertServerSupported(info: ServerInfoLike | undefined, min: string = MIN_SERVER_VERSION): void {
  const where = info?.server_name ? ` (${info.server_name})` : '';
  if (!info?.version) throw new UnsupportedServerError(`nats-server${where} did not report its version; not connected?`);
  if (compareVersions(parseServerVersion(info.version), parseServerVersion(min)) < 0) {
    throw new UnsupportedServerError(
      `nats-server${where} is version ${info.version}; Helios needs >= ${min} ` +
        '(per-key TTL, delete markers). Run tools/setup or point NATS_SERVER_BIN at a newer server.',
    );
  }
  if (info.jetstream !== true) {
    throw new UnsupportedServerError(`nats-server${where} ${info.version} runs without JetStream; start it with -js or a jetstream {} block`);
  }
}
