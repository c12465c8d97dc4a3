import pino from 'pino';
import { Type } from 'typebox';
import { subjects, type HeliosEvent } from '@helios/contracts';
import { createService, type ServiceHandle } from '@helios/nest';
import { waitFor } from '@helios/testing-services';
import { startTestGateway, type TestGateway } from '../../../spec-support/test-gateway';

jest.setTimeout(90_000);

/** The smallest real service: the shell around a decider that only counts candles. */
async function startCounter(t: TestGateway, instance: string, node?: string): Promise<ServiceHandle<number, Record<string, never>>> {
  return createService<number, Record<string, never>>({
    name: 'counter',
    instance,
    decider: () => ({ name: 'counter', initialState: () => 0, decide: () => [], evolve: (n: number, _e: HeliosEvent) => n + 1 }),
    inputs: [{ filter: subjects.candle('test', 'CMD-USDT', '1m') }],
    configSchema: Type.Object({}),
    defaultConfig: {},
    natsUrl: t.fx.url,
    logger: pino({ level: 'silent' }),
    heartbeatMs: 100,
    ...(node === undefined ? {} : { instanceClaim: { node } }),
  });
}

const rowOf = (t: TestGateway, instance: string) => t.gw.hub.beats().find((b) => b.service === 'counter' && b.instance === instance);
const beatOf = (t: TestGateway, instance: string) => rowOf(t, instance)?.heartbeat;

describe('supervisor gateway: POST /services/:service/:instance/{stop|pause|resume}', () => {
  let t: TestGateway;
  const services: Array<ServiceHandle<number, Record<string, never>>> = [];
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop().catch(() => undefined)));
    await t?.stop();
  });

  it('pauses and resumes one instance (its heartbeat says so) and stops it, leaving the other instance running', async () => {
    const a = await startCounter(t, 'a');
    const b = await startCounter(t, 'b');
    services.push(a, b);
    await waitFor('both heartbeats healthy', () => beatOf(t, 'a')?.status === 'healthy' && beatOf(t, 'b')?.status === 'healthy');

    const pause = await t.api('/api/v1/services/counter/a/pause', { method: 'POST' });
    expect(pause.status).toBe(202);
    expect(await pause.json()).toEqual({ accepted: true, command: 'pause', target: 'counter/a' });
    expect(a.phase).toBe('paused');
    await waitFor('a paused heartbeat', () => beatOf(t, 'a')?.status === 'paused');
    expect(b.phase).toBe('live');

    expect((await t.api('/api/v1/services/counter/a/resume', { method: 'POST' })).status).toBe(202);
    await waitFor('a healthy heartbeat after resume', () => beatOf(t, 'a')?.status === 'healthy');
    expect(a.phase).toBe('live');

    expect((await t.api('/api/v1/services/counter/a/stop', { method: 'POST' })).status).toBe(202);
    await a.stopped;
    await waitFor('a stopped heartbeat', () => beatOf(t, 'a')?.status === 'stopped');
    expect(b.phase).toBe('live');
    const afterStop = rowOf(t, 'b')?.receivedAt ?? 0;
    await waitFor('b to keep beating', () => (rowOf(t, 'b')?.receivedAt ?? 0) > afterStop);
  });

  it('answers 409 when no process runs there and 400 naming a bad parameter', async () => {
    const none = await t.api('/api/v1/services/counter/nobody/pause', { method: 'POST' });
    expect(none.status).toBe(409);
    expect(await none.json()).toEqual({ error: expect.stringContaining('no counter process with instance nobody'), where: 'instance' });
    const all = await t.api('/api/v1/services/counter/_all/stop', { method: 'POST' });
    expect(all.status).toBe(400);
    expect(((await all.json()) as { where: string }).where).toBe('instance');
    const bad = await t.api(`/api/v1/services/${encodeURIComponent('a.b')}/x/stop`, { method: 'POST' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { where: string }).where).toBe('service');
  });
});

describe('supervisor gateway: GET /services names the node each instance runs on', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => {
    await t?.stop();
  });

  it("takes it from the instance's claim while it runs, and drops it once the claim is released", async () => {
    const svc = await startCounter(t, 'on-laptop', 'laptop-x');
    const rowOn = async () => ((await (await t.api('/api/v1/services')).json()) as Array<{ service: string; instance: string; runsOn?: string; heartbeat: { status: string } }>).find((r) => r.service === 'counter' && r.instance === 'on-laptop');
    // The claim is taken before the start-up replay ends: the first beats may still say 'warning' (not live yet).
    const live = await waitFor('the live row with its node', async () => {
      const row = await rowOn();
      return row?.runsOn === 'laptop-x' && row.heartbeat.status === 'healthy' ? row : undefined;
    });
    expect(live).toMatchObject({ runsOn: 'laptop-x', heartbeat: { status: 'healthy' } });
    await svc.stop();
    const after = await waitFor('the row without a node', async () => {
      const row = await rowOn();
      return row !== undefined && row.runsOn === undefined ? row : undefined;
    });
    expect(after.heartbeat.status).toBe('stopped');
  });
});
