import { existsSync, readFileSync, renameSync } from 'node:fs';
import { writeJsonAtomic } from './agent-state';
import { isRecord, ManifestError, parseEntry, type ServiceSpec } from './manifest';

/** `<home>/agent-added.json`: the services added over the control channel, so an agent restart brings them back. */
export const ADDED_FILE = 'agent-added.json';

const VERSION = 1;

/**
 * What the user last asked of an added service. `stopped`: it exited 0 on its own (a `stop`
 * command or a SIGTERM sent to it, not by the agent stopping), so the next agent leaves it stopped.
 */
export type Desired = 'running' | 'stopped';

export interface AddedService {
  spec: ServiceSpec;
  desired: Desired;
}

/** On disk only what the channel accepts (name, instance, args): the entry is derived again from the agent's root. */
interface AddedRecord {
  name: string;
  instance: string;
  args: string[];
  desired: Desired;
}

export function writeAddedServices(file: string, added: readonly AddedService[]): void {
  const services: AddedRecord[] = added.map(({ spec, desired }) => ({ name: spec.name, instance: spec.instance, args: spec.args, desired }));
  writeJsonAtomic(file, { version: VERSION, services });
}

export interface AddedRead {
  /** The entries that are valid; with `problems`, the others were left out. */
  services: AddedService[];
  /** Why the file, or an entry of it, was refused; empty when all is well (or there is no file). */
  problems: string[];
}

/**
 * Reads the file; a missing file is no additions. Every entry goes through the manifest's checks and
 * `refuse` (the control channel's own: a service this agent may start); a bad entry is named and left
 * out, the others are kept, so one damaged line does not cost the strategies that were running.
 */
export function readAddedServices(file: string, root: string, refuse: (spec: ServiceSpec) => string | undefined): AddedRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { services: [], problems: [] };
    return { services: [], problems: [`cannot read it (${(error as Error).message})`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { services: [], problems: [`not JSON (${(error as Error).message})`] };
  }
  if (!isRecord(raw) || raw['version'] !== VERSION || !Array.isArray(raw['services'])) {
    return { services: [], problems: [`expected {"version":${VERSION},"services":[...]}`] };
  }
  const services: AddedService[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  raw['services'].forEach((item: unknown, i: number) => {
    const at = `services[${i}]`;
    try {
      if (!isRecord(item)) throw new ManifestError(`${at}: expected an object`);
      const { desired, ...entry } = item;
      if (desired !== 'running' && desired !== 'stopped') throw new ManifestError(`${at}.desired: expected "running" or "stopped", got ${JSON.stringify(desired)}`);
      const extra = Object.keys(entry).find((k) => !['name', 'instance', 'args'].includes(k));
      // Like the channel: an entry or env here would let a file edit run anything.
      if (extra !== undefined) throw new ManifestError(`${at}.${extra}: not accepted (only name, instance, args, desired)`);
      const spec = parseEntry(entry, at, root);
      const key = `${spec.name}/${spec.instance}`;
      if (seen.has(key)) throw new ManifestError(`${at}: ${key} is listed twice`);
      const refused = refuse(spec);
      if (refused !== undefined) throw new ManifestError(`${at}: ${refused}`);
      seen.add(key);
      services.push({ spec, desired });
    } catch (error) {
      if (!(error instanceof ManifestError)) throw error;
      problems.push(error.message);
    }
  });
  return { services, problems };
}

/** Renames a refused file to `<file>.bad` (`.bad.2`, ... if that exists): evidence kept, never overwritten. */
export function setAside(file: string): string {
  let target = `${file}.bad`;
  for (let n = 2; existsSync(target); n++) target = `${file}.bad.${n}`;
  renameSync(file, target);
  return target;
}

export interface LoadAddedOptions {
  file: string;
  root: string;
  manifest: readonly ServiceSpec[];
  refuse: (spec: ServiceSpec) => string | undefined;
  log: (line: string) => void;
  error: (line: string) => void;
}

/**
 * The additions a starting agent runs next to the manifest. A refused file (or entry) is logged
 * naming the file and why, set aside, and replaced by the valid entries; an addition with a
 * manifest entry's name/instance is dropped from the file: the manifest wins.
 */
export function loadAddedServices(o: LoadAddedOptions): AddedService[] {
  const read = readAddedServices(o.file, o.root, o.refuse);
  let rewrite = false;
  if (read.problems.length > 0) {
    for (const problem of read.problems) o.error(`${o.file}: ${problem}`);
    try {
      o.error(`${o.file}: set aside as ${setAside(o.file)}; running the manifest and the ${read.services.length} valid addition(s)`);
      rewrite = true;
    } catch (error) {
      // Left in place; the next change overwrites it, but a home where a rename fails takes no writes either.
      o.error(`${o.file}: cannot set it aside (${(error as Error).message}); running the manifest and the ${read.services.length} valid addition(s)`);
    }
  }
  const inManifest = new Set(o.manifest.map((s) => `${s.name}/${s.instance}`));
  const kept = read.services.filter(({ spec }) => {
    const key = `${spec.name}/${spec.instance}`;
    if (!inManifest.has(key)) return true;
    o.log(`${key} is both in the manifest and in ${o.file}: the manifest's entry wins; the addition is dropped`);
    rewrite = true;
    return false;
  });
  if (rewrite) {
    try {
      writeAddedServices(o.file, kept);
    } catch (error) {
      o.error(`${o.file}: cannot write it (${(error as Error).message})`);
    }
  }
  return kept;
}
