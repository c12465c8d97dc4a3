import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs here, so the compose file is checked by parsing it and holding it against
// the files and parameters it refers to.
const deployDir = join(__dirname, '..', '..', 'deploy');
const composePath = join(deployDir, 'compose.yaml');

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  network_mode?: string;
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(composePath, 'utf8')) as { name: string; services: Record<string, Service>; volumes?: Record<string, unknown> };

function variablesOf(configFile: string): string[] {
  const text = readFileSync(configFile, 'utf8').replace(/#.*$/gm, '');
  return [...new Set([...text.matchAll(/\$([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]))].sort();
}

describe('deploy/compose.yaml', () => {
  it('parses and names the project', () => {
    expect(compose.name).toBe('helios');
    expect(Object.keys(compose.services)).toContain('nats');
  });

  it('mounts config files that exist in the repository, and only declared named volumes', () => {
    for (const [name, svc] of Object.entries(compose.services)) {
      for (const volume of svc.volumes ?? []) {
        const [source] = volume.split(':');
        if (source.startsWith('.') || source.startsWith('/')) {
          expect({ service: name, source, exists: existsSync(resolve(deployDir, source)) }).toEqual({ service: name, source, exists: true });
        } else {
          expect(Object.keys(compose.volumes ?? {})).toContain(source);
        }
      }
    }
  });

  it('gives the nats node every variable its configuration file refers to', () => {
    const svc = compose.services['nats'];
    const mount = (svc.volumes ?? []).find((v) => v.endsWith(':/etc/helios/nats/node.conf:ro'))!;
    const configFile = resolve(deployDir, mount.split(':')[0]);
    expect(svc.command).toEqual(['-c', '/etc/helios/nats/node.conf']);
    expect(Object.keys(svc.environment ?? {}).sort()).toEqual(variablesOf(configFile));
  });

  it('requires the per-laptop parameters instead of defaulting them', () => {
    const env = compose.services['nats'].environment ?? {};
    for (const key of ['HELIOS_NATS_NAME', 'HELIOS_NATS_HOST', 'HELIOS_NATS_PEER_1', 'HELIOS_NATS_PEER_2', 'HELIOS_NATS_TOKEN', 'HELIOS_NATS_CLUSTER_PASSWORD']) {
      expect(env[key]).toMatch(new RegExp(`^\\$\\{${key}:\\?.+\\}$`));
    }
  });

  it('uses a nats-server image new enough for per-key TTL (>= 2.11)', () => {
    const [, tag] = compose.services['nats'].image!.split(':');
    const [major, minor] = tag.split(/[.-]/).map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(211);
  });

  it('has an example env file that sets every required parameter', () => {
    const example = readFileSync(join(deployDir, 'env.example'), 'utf8');
    const set = new Set([...example.matchAll(/^([A-Z_0-9]+)=/gm)].map((m) => m[1]));
    const required = Object.entries(compose.services['nats'].environment ?? {})
      .filter(([, v]) => /:\?/.test(v))
      .map(([k]) => k);
    expect(required.filter((k) => !set.has(k))).toEqual([]);
  });
});
