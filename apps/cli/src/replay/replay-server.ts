import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { ensureTopology, redactNatsUrl } from '@helios/nats';
import { startNatsServer } from '@helios/nats-server';
import { connectOrExplain } from '../commands/status';

/**
 * Runs `work` against the given server (it must hold the Helios topology, e.g. tools/up's), or
 * against a private nats-server started for the replay and removed afterwards.
 */
export async function withReplayServer<T>(url: string | undefined, progress: (line: string) => void, work: (nc: NatsConnection, url: string) => Promise<T>): Promise<T> {
  if (url !== undefined) {
    const nc = await connectOrExplain(url);
    try {
      // A running system's topology is its own (maybe 3 replicas): checked, never changed here.
      await (await jetstreamManager(nc)).streams.info('BT').catch((err: unknown) => {
        throw new Error(`${redactNatsUrl(url)} has no BT stream for replays (${(err as Error).message}); declare the topology first (tools/up)`);
      });
      return await work(nc, url);
    } finally {
      await nc.close().catch(() => undefined);
    }
  }
  progress('starting a private nats-server');
  const server = await startNatsServer({ name: 'helios-replay' });
  try {
    const nc = await connect({ servers: server.url });
    try {
      await ensureTopology(nc, { replicas: 1 });
      return await work(nc, server.url);
    } finally {
      await nc.close().catch(() => undefined);
    }
  } finally {
    await server.stop();
  }
}
