import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { KV_BUCKETS } from '@helios/contracts';
import { describeError, getJson, natsConnectTarget, redactNatsUrl } from '@helios/nats';

/** A service's NATS connection, and whether it is currently connected. */
export interface NatsLink {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  connected(): boolean;
}

export async function openNatsLink(url: string, clientName: string, service: string, logger: Logger): Promise<NatsLink> {
  let nc: NatsConnection;
  try {
    // No async traces: they cost an Error (a captured stack) per publish on the hot path; errors still name the subject.
    nc = await connect({ ...natsConnectTarget(url), name: clientName, maxReconnectAttempts: -1, reconnectTimeWait: 250, noAsyncTraces: true });
  } catch (err) {
    throw new Error(`${service}: could not connect to NATS at ${redactNatsUrl(url)}: ${describeError(err)}`, { cause: err });
  }
  let connected = true;
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect') {
        connected = s.type === 'reconnect';
        logger.warn({ server: (s as { server?: string }).server }, `NATS ${s.type}`);
      }
    }
    connected = false;
  })();
  try {
    return { nc, js: jetstream(nc), jsm: await jetstreamManager(nc), connected: () => connected && !nc.isClosed() };
  } catch (err) {
    await nc.close().catch(() => undefined);
    throw new Error(`${service}: JetStream is not available at ${url}: ${describeError(err)}`, { cause: err });
  }
}

/** Fails with what to do when a stream the service needs does not exist. */
export async function checkStreams(link: NatsLink, streams: readonly string[], service: string): Promise<void> {
  for (const stream of new Set(streams)) {
    try {
      await link.jsm.streams.info(stream);
    } catch (err) {
      throw new Error(`${service}: stream ${stream} is not available (${describeError(err)}); declare the topology first (tools/up)`, { cause: err });
    }
  }
}

/** The configuration stored in KV `helios-config` under `key` (`service.<name>`, run-scoped when scoped), if there is one. */
export async function configFromKv(link: NatsLink, key: string, logger: Logger): Promise<unknown> {
  let kv: KV;
  try {
    kv = await new Kvm(link.js).open(KV_BUCKETS.config);
  } catch {
    return undefined;
  }
  const entry = await getJson<unknown>(kv, key);
  if (entry !== null) logger.info({ bucket: KV_BUCKETS.config, key, revision: entry.revision }, 'configuration from KV');
  return entry?.value;
}
