import { createEvent, KV_BUCKETS, subjects } from '@helios/contracts';
import { checkHalt, HALT_KEY } from '@helios/nats';
import { waitFor } from '@helios/testing-services';
import { startTestGateway, type TestGateway } from '../../spec-support/test-gateway';

jest.setTimeout(90_000);

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

describe('supervisor gateway: REST /api/v1', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => t?.stop());

  it('POST /halt writes the KV key that checkHalt reads, and clears it again', async () => {
    const on = await json(await t.api('/api/v1/halt', { method: 'POST', body: JSON.stringify({ halted: true, reason: 'manual drill' }) }));
    expect(on.status).toBe(200);
    const entry = await t.fx.config.get(HALT_KEY);
    expect(checkHalt(JSON.parse(entry!.string()), 'test')).toEqual({ halted: true, reason: 'manual drill', by: 'supervisor' });
    expect(on.body['revision']).toBe(entry!.revision);
    await waitFor('the live view to follow', () => t.gw.hub.halt().halted);
    await t.api('/api/v1/halt', { method: 'POST', body: JSON.stringify({ halted: false }) });
    expect(checkHalt(JSON.parse((await t.fx.config.get(HALT_KEY))!.string()), 'test')).toMatchObject({ halted: false, by: 'supervisor' });
  });

  it('names the wrong field of a bad body', async () => {
    const halt = await json(await t.api('/api/v1/halt', { method: 'POST', body: JSON.stringify({ halted: 'yes' }) }));
    expect(halt).toEqual({ status: 400, body: { error: expect.stringContaining('/halted'), where: '/halted' } });
    const extra = await json(await t.api('/api/v1/halt', { method: 'POST', body: JSON.stringify({ halted: true, by: 'me' }) }));
    expect(extra.body['where']).toBe('/by');
    const notJson = await json(await t.api('/api/v1/halt', { method: 'POST', body: '{halted' }));
    expect(notJson).toEqual({ status: 400, body: { error: expect.stringContaining('not JSON'), where: 'body' } });
    const limits = await json(await t.api('/api/v1/risk/limits', { method: 'PUT', body: JSON.stringify({ maxGrossExposure: -5 }) }));
    expect(limits.status).toBe(400);
    expect(limits.body['where']).toBe('/maxGrossExposure');
    const badLimit = await json(await t.api('/api/v1/orders?limit=0'));
    expect(badLimit).toEqual({ status: 400, body: { error: expect.stringContaining('limit'), where: 'limit' } });
  });

  it('refuses a strategy definition that does not validate or does not build, naming why', async () => {
    const noTf = await json(await t.api('/api/v1/strategies', { method: 'POST', body: JSON.stringify({ id: 'x1', template: 'sma-cross', instruments: ['BTC-PERP'] }) }));
    expect(noTf.status).toBe(400);
    expect(noTf.body['where']).toBe('/timeframe');
    const unknownTemplate = await json(
      await t.api('/api/v1/strategies', { method: 'POST', body: JSON.stringify({ id: 'x2', template: 'no-such-template', instruments: ['BTC-PERP'], timeframe: '1m' }) }),
    );
    expect(unknownTemplate.status).toBe(400);
    expect(String(unknownTemplate.body['error'])).toContain('no-such-template');
    expect(await t.fx.config.get('strategy.x2')).toBeNull();
  });

  it('lists strategies from KV, pauses one by its definition, and answers 409 when no process takes stop', async () => {
    await t.fx.config.put('strategy.alpha', JSON.stringify({ id: 'alpha', template: 'sma-cross', params: { fast: 5, slow: 20 }, instruments: ['BTC-PERP'], timeframe: '1m' }));
    const list = await t.api('/api/v1/strategies');
    expect(list.status).toBe(200);
    const rows = (await list.json()) as Array<{ id: string; status: string }>;
    expect(rows).toEqual([expect.objectContaining({ id: 'alpha', status: 'unknown' })]);
    expect((await t.api('/api/v1/strategies/alpha/pause', { method: 'POST' })).status).toBe(202);
    expect(JSON.parse((await t.fx.config.get('strategy.alpha'))!.string())).toMatchObject({ paused: true, params: { fast: 5, slow: 20 } });
    expect((await t.api('/api/v1/strategies/alpha/resume', { method: 'POST' })).status).toBe(202);
    expect(JSON.parse((await t.fx.config.get('strategy.alpha'))!.string())).toMatchObject({ paused: false });
    const stop = await json(await t.api('/api/v1/strategies/alpha/stop', { method: 'POST' }));
    expect(stop).toEqual({ status: 409, body: { error: expect.stringContaining('no strategy-runner process'), where: 'instance' } });
    expect((await t.api('/api/v1/strategies/nope/pause', { method: 'POST' })).status).toBe(404);
  });

  it('sends stop as a system.cmd request to the strategy instance and reports the answer', async () => {
    const got: unknown[] = [];
    const sub = t.fx.nc.subscribe(subjects.cmd('strategy-runner', 'alpha'), {
      callback: (_e, msg) => {
        got.push(JSON.parse(msg.string()));
        msg.respond(JSON.stringify({ ok: true }));
      },
    });
    await t.fx.nc.flush();
    const res = await json(await t.api('/api/v1/strategies/alpha/stop', { method: 'POST' }));
    sub.unsubscribe();
    expect(res).toEqual({ status: 202, body: { accepted: true, command: 'stop', target: 'strategy-runner/alpha' } });
    expect(got).toEqual([expect.objectContaining({ type: 'system.cmd', payload: { service: 'strategy-runner', instance: 'alpha', command: 'stop' } })]);
  });

  it('reports orders folded from their lifecycle events, and dead letters with reasons', async () => {
    const meta = (id: string) => ({ id, ts: Date.now(), src: 'test', run: 'live' });
    await t.fx.publisher.publish(subjects.order('new', 'paper'), createEvent('order.new', { account: 'paper', clientOrderId: 'o-1', instrument: 'BTC-PERP', side: 'buy', type: 'market', qty: 2, strategyId: 'alpha' }, meta('o1-new')));
    await t.fx.publisher.publish(subjects.order('fill', 'paper'), createEvent('order.fill', { account: 'paper', clientOrderId: 'o-1', fillId: 'f1', instrument: 'BTC-PERP', side: 'buy', qty: 1, price: 100, fee: 0, liquidity: 'taker', remainingQty: 1, strategyId: 'alpha' }, meta('o1-f1')));
    await t.fx.publisher.publish(subjects.order('fill', 'paper'), createEvent('order.fill', { account: 'paper', clientOrderId: 'o-1', fillId: 'f2', instrument: 'BTC-PERP', side: 'buy', qty: 1, price: 110, fee: 0, liquidity: 'taker', remainingQty: 0, strategyId: 'alpha' }, meta('o1-f2')));
    const order = await waitFor('the filled order', async () => {
      const body = (await (await t.api('/api/v1/orders')).json()) as { orders: Array<Record<string, unknown>> };
      return body.orders.find((o) => o['clientOrderId'] === 'o-1' && o['state'] === 'filled');
    });
    expect(order).toMatchObject({ qty: 2, filledQty: 2, avgPrice: 105, side: 'buy', strategyId: 'alpha' });

    await t.fx.publisher.publish(
      subjects.dlq('toy'),
      createEvent('system.dlq', { service: 'toy', reason: 'malformed-json', message: 'not JSON', errors: [], originalSubject: 'md.candle.x.y.1m', raw: '{', rawTruncated: false }, meta('dl-1')),
    );
    const dlq = (await (await t.api('/api/v1/dlq?limit=5')).json()) as Array<Record<string, unknown>>;
    expect(dlq[0]).toMatchObject({ service: 'toy', reason: 'malformed-json', originalSubject: 'md.candle.x.y.1m', raw: '{' });
  });

  it('describes the streams and the server', async () => {
    const sys = (await (await t.api('/api/v1/system')).json()) as { server: Record<string, unknown>; streams: Array<{ name: string; messages: number }> };
    expect(sys.server).toMatchObject({ jetstream: true, healthy: true });
    expect(sys.streams.map((s) => s.name)).toEqual(expect.arrayContaining(['MD', 'ORDER', 'SYSTEM', `KV_${KV_BUCKETS.config}`]));
    expect(sys.streams.find((s) => s.name === 'ORDER')!.messages).toBeGreaterThanOrEqual(3);
  });

  it('serves an OpenAPI 3.1 document that lists every route of the table', async () => {
    const res = await t.api('/api/v1/openapi.json', { auth: false });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { summary: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    const listed = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const table = t.gw.routes.map((r) => `${r.method} /api/v1${r.path.replace(/:(\w+)/g, '{$1}')}`);
    expect([...listed].sort()).toEqual([...table].sort());
    expect(doc.paths['/api/v1/halt']['post'].summary).toMatch(/halt/i);
    expect(JSON.stringify(doc.paths['/api/v1/halt']['post'])).toContain('"halted"');
  });
});
