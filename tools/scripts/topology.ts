// Declares every Helios stream, KV bucket and object store on a running server (idempotent) and
// prints what it did. Used by tools/up; also handy after changing retention in libs/nats.
import { parseArgs } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { ensureTopology, natsConnectTarget } from '@helios/nats';

const usage = 'usage: tsx tools/scripts/topology.ts --servers nats://127.0.0.1:4222 [--replicas 1|3] [--token TOKEN]';

async function main(): Promise<void> {
  let values: { servers?: string; replicas?: string; token?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        servers: { type: 'string' },
        replicas: { type: 'string', default: '1' },
        token: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    console.error(`topology: ${(err as Error).message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) return console.log(usage);
  if (!values.servers) {
    console.error(`topology: --servers is required\n${usage}`);
    process.exit(2);
  }
  const replicas = Number(values.replicas);
  if (replicas !== 1 && replicas !== 3) {
    console.error(`topology: --replicas must be 1 or 3, got '${values.replicas}'`);
    process.exit(2);
  }
  const nc = await connect(natsConnectTarget(values.servers, values.token ? { HELIOS_NATS_TOKEN: values.token } : process.env));
  try {
    const ensured = await ensureTopology(nc, { replicas, log: (m) => console.log(`  ${m}`) });
    for (const s of ensured) console.log(`  ${s.kind.padEnd(12)} ${s.name.padEnd(24)} ${s.action}`);
  } finally {
    await nc.close();
  }
}

main().catch((err) => {
  console.error(`topology: ${(err as Error).message}`);
  process.exit(1);
});
