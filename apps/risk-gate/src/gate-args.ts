import { hostname } from 'node:os';
import { parseServiceArgs, serviceUsage, UsageError, type ServiceArgs } from '@helios/nest';

export interface GateArgs extends ServiceArgs {
  /** This process's name in the election (the lease holder); unique among the candidates. */
  candidate: string;
  leaseTtlMs: number;
}

export const DEFAULT_LEASE_TTL_MS = 3_000;
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

const GATE_FLAGS = {
  '--candidate': { env: 'HELIOS_CANDIDATE', help: 'this process in the leader election, unique per candidate (default <host>-<pid>)' },
  '--lease-ttl-ms': { env: 'HELIOS_LEASE_TTL_MS', help: `leader lease TTL in whole seconds of ms; a standby takes over about this long after a crash (default ${DEFAULT_LEASE_TTL_MS})` },
} as const;

export function gateUsage(name: string, description?: string): string {
  const extra = Object.entries(GATE_FLAGS).map(([flag, s]) => `  ${`${flag} ${flag === '--candidate' ? 'ID' : 'MS'}`.padEnd(26)} ${s.help} [env ${s.env}]`);
  return `${serviceUsage(name, description).trimEnd()}\n${extra.join('\n')}\n`;
}

/** The shell's flags plus the election's (`--candidate`, `--lease-ttl-ms`); mistakes are UsageErrors. */
export function parseGateArgs(argv: readonly string[], env: NodeJS.ProcessEnv, pid: number): GateArgs {
  const own = new Map<string, string>();
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (!(flag in GATE_FLAGS)) {
      rest.push(arg);
      continue;
    }
    if (own.has(flag)) throw new UsageError(`${flag} is given twice`);
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw new UsageError(`${flag} needs a value`);
    own.set(flag, value);
  }
  const pick = (flag: keyof typeof GATE_FLAGS) => own.get(flag) ?? (env[GATE_FLAGS[flag].env] || undefined);
  const candidate = pick('--candidate') ?? `${hostname().replace(/[^A-Za-z0-9_.-]/g, '_')}-${pid}`;
  if (!ID.test(candidate)) throw new UsageError(`--candidate: must be 1-128 letters, digits, '.', '-' or '_', got ${JSON.stringify(candidate)}`);
  const ttl = pick('--lease-ttl-ms');
  const leaseTtlMs = ttl === undefined ? DEFAULT_LEASE_TTL_MS : Number(ttl);
  if (!/^\d+$/.test(ttl ?? '0') || leaseTtlMs < 1000 || leaseTtlMs % 1000 !== 0 || leaseTtlMs > 600_000) {
    throw new UsageError(`--lease-ttl-ms: expected whole seconds in ms from 1000 to 600000 (the server keeps TTLs in seconds), got ${JSON.stringify(ttl)}`);
  }
  return { ...parseServiceArgs(rest, env), candidate, leaseTtlMs };
}
