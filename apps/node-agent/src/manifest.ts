import { BOUNDED_ID_PATTERN } from '@helios/contracts';
import { isAbsolute, join } from 'node:path';

/** One supervised process: `node <entry> ...args`, with HELIOS_INSTANCE=<instance> in its environment. */
export interface ServiceSpec {
  name: string;
  instance: string;
  /** Script run by node; relative paths are from the agent's root. Default `apps/<name>/bin/<name>.js`. */
  entry: string;
  args: string[];
  env: Record<string, string>;
}

export class ManifestError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestError';
  }
}

/** A service name, instance or node name: a NATS subject token of letters, digits, - and _. */
export const TOKEN = new RegExp(BOUNDED_ID_PATTERN);

/**
 * Reads a manifest `{ "services": [{ "name", "instance", "args"?, "entry"?, "env"? }] }`; every
 * mistake is reported with its place (`services[2].instance`). Names and instances are subject
 * tokens, because they name heartbeat subjects and log files; a name/instance pair appears once.
 */
export function parseManifest(json: string, root: string): ServiceSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new ManifestError(`manifest: not JSON (${(error as Error).message})`);
  }
  if (!isRecord(raw) || !Array.isArray(raw['services'])) throw new ManifestError('manifest: expected an object with a "services" array');
  const seen = new Set<string>();
  return raw['services'].map((item: unknown, i: number) => {
    const spec = parseEntry(item, `manifest: services[${i}]`, root);
    const key = `${spec.name}-${spec.instance}`;
    if (seen.has(key)) throw new ManifestError(`manifest: services[${i}]: ${spec.name}/${spec.instance} is listed twice`);
    seen.add(key);
    return spec;
  });
}

/** One manifest entry, every mistake named with `at` (`manifest: services[2]`, `add`). */
export function parseEntry(item: unknown, at: string, root: string): ServiceSpec {
  if (!isRecord(item)) throw new ManifestError(`${at}: expected an object`);
  const name = token(item['name'], `${at}.name`);
  const instance = token(item['instance'], `${at}.instance`);
  const args = item['args'] ?? [];
  if (!Array.isArray(args) || !args.every((a) => typeof a === 'string')) throw new ManifestError(`${at}.args: expected an array of strings`);
  const entry = item['entry'] ?? join('apps', name, 'bin', `${name}.js`);
  if (typeof entry !== 'string' || entry.length === 0) throw new ManifestError(`${at}.entry: expected a non-empty string`);
  const env = item['env'] ?? {};
  if (!isRecord(env) || !Object.values(env).every((v) => typeof v === 'string')) throw new ManifestError(`${at}.env: expected an object of strings`);
  return { name, instance, entry: isAbsolute(entry) ? entry : join(root, entry), args: args as string[], env: env as Record<string, string> };
}

function token(value: unknown, at: string): string {
  if (typeof value !== 'string' || !TOKEN.test(value)) {
    throw new ManifestError(`${at}: expected letters, digits, - and _ (1-64, starting with a letter or digit), got ${JSON.stringify(value)}`);
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
