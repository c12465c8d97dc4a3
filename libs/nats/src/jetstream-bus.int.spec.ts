import { connect } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { describeBusContract, startNatsServer, type NatsServerHandle } from '@helios/testing';
import { ensureTopology } from './ensure-topology';
import { JetStreamBus } from './jetstream-bus';

// One server for the file; every test starts from empty streams (deleted and re-created), so the
// contract's "sequences start at 1" holds without paying for a server start per test.
let server: NatsServerHandle | undefined;
const errors: string[] = [];

beforeAll(async () => {
  server = await startNatsServer();
}, 30_000);

afterAll(async () => {
  await server?.stop();
});

describeBusContract('JetStreamBus on a real nats-server', async () => {
  if (!server) throw new Error('nats-server did not start');
  const nc = await connect({ servers: server.url });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const name of jsm.streams.names()) await jsm.streams.delete(name);
    await ensureTopology(nc, { replicas: 1 });
    const bus = await JetStreamBus.create(nc, {
      onError: (err, context) => errors.push(`${context}: ${String(err)}`),
    });
    return {
      bus,
      teardown: async () => {
        await bus.close();
        await nc.close();
      },
    };
  } catch (err) {
    await nc.close();
    throw err;
  }
});
