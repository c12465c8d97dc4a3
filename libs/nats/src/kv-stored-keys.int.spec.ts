import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { Kvm, type KV } from '@nats-io/kv';
import { startNatsServer, type NatsServerHandle } from '@helios/testing';
import { storedKvKeys } from './kv-stored-keys';

jest.setTimeout(30_000);

let server: NatsServerHandle;
let nc: NatsConnection;
let jsm: JetStreamManager;
let kv: KV;

beforeAll(async () => {
  server = await startNatsServer();
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  kv = await new Kvm(nc).create('keys-test');
  await kv.put('strategy.b', '1');
  await kv.put('strategy.a', '1');
  await kv.put('strategy.a', '2');
  await kv.put('strategy.gone', '1');
  await kv.delete('strategy.gone');
  await kv.put('risk.limits', '{}');
});

afterAll(async () => {
  await nc?.close();
  await server?.stop();
});

it('lists the keys a pattern matches, once each, sorted, with deleted ones (their marker is stored)', async () => {
  expect(await storedKvKeys(jsm, 'keys-test', 'strategy.>')).toEqual(['strategy.a', 'strategy.b', 'strategy.gone']);
  expect(await storedKvKeys(jsm, 'keys-test')).toEqual(['risk.limits', 'strategy.a', 'strategy.b', 'strategy.gone']);
  expect(await storedKvKeys(jsm, 'keys-test', 'nothing.>')).toEqual([]);
  expect((await kv.get('strategy.gone'))?.operation).toBe('DEL');
});

it('makes no consumer, where kv.keys() leaves one behind per call', async () => {
  const consumers = async () => (await jsm.streams.info('KV_keys-test')).state.consumer_count;
  const before = await consumers();
  for (let i = 0; i < 3; i++) await storedKvKeys(jsm, 'keys-test', 'strategy.>');
  expect(await consumers()).toBe(before);
  for await (const _key of await kv.keys('strategy.>')) void _key;
  expect(await consumers()).toBe(before + 1);
});
