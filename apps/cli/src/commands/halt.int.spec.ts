import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { KV_BUCKETS } from '@helios/contracts';
import { ensureTopology, HALT_KEY } from '@helios/nats';
import { startNatsServer, type NatsServerHandle } from '@helios/testing';
import { memoryIo } from '../io';
import { runCli } from '../cli';

jest.setTimeout(30_000);

describe('helios halt', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  const halt = async (...args: string[]) => {
    const io = memoryIo();
    const code = await runCli(['halt', ...args, '--nats', server.url], io);
    return { code, out: io.stdout, err: io.stderr };
  };
  const stored = async () => {
    const entry = await (await new Kvm(nc).open(KV_BUCKETS.config)).get(HALT_KEY);
    return entry === null ? null : JSON.parse(entry.string());
  };

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
    await ensureTopology(nc, { replicas: 1 });
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('writes the switch the risk gate watches, reads it back, and clears it', async () => {
    expect(await halt('status')).toEqual({ code: 0, out: 'not halted (never set)\n', err: '' });

    const on = await halt('on', '--reason', 'exchange maintenance', '--by', 'alice');
    expect(on.code).toBe(0);
    expect(on.out).toMatch(/^halt on \(helios-config risk\.halt revision \d+\)\n$/);
    expect(await stored()).toEqual({ halted: true, reason: 'exchange maintenance', by: 'alice' });
    expect((await halt('status')).out).toBe('halted: exchange maintenance (by alice)\n');

    expect((await halt('off', '--by', 'alice')).code).toBe(0);
    expect(await stored()).toEqual({ halted: false, reason: 'cleared from the command line', by: 'alice' });
    expect((await halt('status')).out).toBe('not halted (cleared from the command line)\n');
  });

  it('refuses a halt without a reason, and an unknown state, with exit code 2 and nothing written', async () => {
    const before = await stored();
    const noReason = await halt('on');
    expect(noReason.code).toBe(2);
    expect(noReason.err).toContain('--reason is required');
    const unknown = await halt('maybe');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("expected on, off or status, got 'maybe'");
    expect(await stored()).toEqual(before);
  });
});
