import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { KV_BUCKETS, renderJson, type Json } from '@helios/contracts';
import { natsConnectTarget } from '@helios/nats';
import { strategyKey } from '@helios/domain-strategy';
import { DEMO_SERVICES, demoPlan } from './demo-plan';

/*
 * Called by tools/up after the topology: puts the demo configuration into KV `helios-config` (only
 * keys that were never written, so a second tools/up, or an operator's later change or removal, is
 * left alone) and writes the node agent's manifest, without runners for strategies the operator removed. Usage: write-demo.ts --nats URL --home DIR [--speed 60|max] [--data FILE] [--services a,b]
 */
async function main(): Promise<void> {
  const args = new Map<string, string>();
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i += 2) {
    if (!['--nats', '--home', '--speed', '--data', '--services'].includes(argv[i]) || argv[i + 1] === undefined) throw new UsageError(`write-demo: bad argument ${JSON.stringify(argv[i])}`);
    args.set(argv[i], argv[i + 1]);
  }
  const root = join(__dirname, '..', '..', '..', '..');
  const natsUrl = args.get('--nats') ?? 'nats://127.0.0.1:4222';
  const home = resolve(args.get('--home') ?? join(root, '.helios'));
  const dataFile = resolve(args.get('--data') ?? join(root, '..', 'shared', 'data', 'btc_perp_ftx_1m.csv'));
  const available = new Set(DEMO_SERVICES.filter((n) => existsSync(join(root, 'apps', n, 'bin', `${n}.js`)) && existsSync(join(root, 'apps', n, 'src', 'main.ts'))));
  const only = servicesOnThisNode(args.get('--services'));
  const plan = demoPlan({ natsUrl, available, dataFile: existsSync(dataFile) ? dataFile : undefined, speed: args.get('--speed') ?? '60' });

  const removed = new Set<string>();
  const nc = await connect({ ...natsConnectTarget(natsUrl), reconnect: false });
  try {
    const kv = await new Kvm(nc).open(KV_BUCKETS.config);
    const written: string[] = [];
    const differing: string[] = [];
    for (const [key, value] of Object.entries(plan.config)) {
      const entry = await kv.get(key);
      if (entry !== null) {
        // A value is an earlier tools/up's or the operator's; a delete marker is the operator's removal.
        if (entry.operation !== 'PUT') removed.add(key);
        else if (!sameJson(entry.string(), value)) differing.push(key);
        continue;
      }
      await kv.create(key, JSON.stringify(value));
      written.push(key);
    }
    console.log(written.length > 0 ? `[up] demo configuration written to KV ${KV_BUCKETS.config}: ${written.join(', ')}` : `[up] demo configuration already in KV ${KV_BUCKETS.config}`);
    if (removed.size > 0) console.log(`[up] left out, removed by you: ${[...removed].join(', ')}`);
    // Changed by the operator, or written by an older version whose demo differed (new limits, say).
    if (differing.length > 0) console.log(`[up] kept as stored, unlike this version's demo (delete a key to get the demo's): ${differing.join(', ')}`);
  } finally {
    await nc.close();
  }
  for (const name of plan.skipped) console.log(`[up] skipping ${name}: apps/${name} has no bin/${name}.js and src/main.ts yet`);
  // A removed strategy gets no runner (it would only start and exit 0).
  const services = plan.services.filter((s) => (only === undefined || only.has(s.name)) && !(s.name === 'strategy-runner' && removed.has(strategyKey(s.instance))));
  writeFileSync(join(home, 'manifest.json'), JSON.stringify({ services }, null, 2) + '\n');
  console.log(`[up] feed: ${plan.feed}`);
}

/** Whether a stored value is the demo's, whatever the order of its keys. */
function sameJson(stored: string, value: unknown): boolean {
  try {
    return renderJson(JSON.parse(stored) as Json) === renderJson(value as Json);
  } catch {
    return false;
  }
}

/** A wrong argument or HELIOS_SERVICES: exit 2, like every other bad command line. */
class UsageError extends Error {}

/**
 * `--services` (tools/up's HELIOS_SERVICES): the services this laptop runs, when the system is spread
 * over several; undefined = all. The configuration in KV is the whole system's either way.
 */
function servicesOnThisNode(list: string | undefined): ReadonlySet<string> | undefined {
  if (list === undefined) return undefined;
  const names = list.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  const unknown = names.filter((n) => !(DEMO_SERVICES as readonly string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(`HELIOS_SERVICES: ${names.length === 0 ? 'names no service' : `unknown ${unknown.map((n) => JSON.stringify(n)).join(', ')}`}; choose from ${DEMO_SERVICES.join(',')}`);
  }
  return new Set(names);
}

main().catch((error: unknown) => {
  console.error(`[up] ${(error as Error).message}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
