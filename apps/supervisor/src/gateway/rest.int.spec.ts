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

  it('lists strategies from KV and pauses one by its definition', async () => {
    await t.fx.config.put('strategy.alpha', JSON.stringify({ id: 'alpha', template: 'sma-cross', params: { fast: 5, slow: 20 }, instruments: ['BTC-PERP'], timeframe: '1m' }));
    const list = await t.api('/api/v1/strategies');
    expect(list.status).toBe(200);
    const rows = (await list.json()) as Array<{ id: string; status: string }>;
    expect(rows).toEqual([expect.objectContaining({ id: 'alpha', status: 'unknown' })]);
    expect((await t.api('/api/v1/strategies/alpha/pause', { method: 'POST' })).status).toBe(202);
    expect(JSON.parse((await t.fx.config.get('strategy.alpha'))!.string())).toMatchObject({ paused: true, params: { fast: 5, slow: 20 } });
    expect((await t.api('/api/v1/strategies/alpha/resume', { method: 'POST' })).status).toBe(202);
    expect(JSON.parse((await t.fx.config.get('strategy.alpha'))!.string())).toMatchObject({ paused: false });
    expect((await t.api('/api/v1/strategies/nope/pause', { method: 'POST' })).status).toBe(404);
  });

  it('stops a strategy by its definition (stopped: true, which its runner obeys), also when no process runs it', async () => {
    const stop = await json(await t.api('/api/v1/strategies/alpha/stop', { method: 'POST' }));
    expect(stop).toEqual({
      status: 202,
      body: { accepted: true, command: 'stop', target: 'strategy-runner/alpha', note: 'no strategy-runner process was running it; recorded stopped (KV stopped: true), so none runs it until start' },
    });
    const entry = (await t.fx.config.get('strategy.alpha'))!;
    expect(JSON.parse(entry.string())).toMatchObject({ stopped: true, paused: false, params: { fast: 5, slow: 20 } });
    const row = ((await (await t.api('/api/v1/strategies')).json()) as Array<{ id: string; status: string }>).find((r) => r.id === 'alpha');
    expect(row?.status).toBe('stopped');
    // Stopping again changes nothing (no new revision).
    expect((await t.api('/api/v1/strategies/alpha/stop', { method: 'POST' })).status).toBe(202);
    expect((await t.fx.config.get('strategy.alpha'))!.revision).toBe(entry.revision);
  });

  it('removes a strategy: refused while its P&L shows a position, unless forced; the key is deleted', async () => {
    const def = (id: string) => JSON.stringify({ id, template: 'sma-cross', instruments: ['BTC-PERP', 'ETH-PERP'], timeframe: '1m' });
    await t.fx.config.put('strategy.held', def('held'));
    await t.fx.config.put('strategy.flat', def('flat'));
    const pnl = (id: string, strategyId: string, instrument: string, position: number) =>
      t.fx.publisher.publish(
        subjects.pnlUpdate(strategyId),
        createEvent('pnl.update', { strategyId, instrument, position, avgPrice: position === 0 ? 0 : 100, realized: 0, unrealized: 0, equity: 1000, fees: 0 }, { id, ts: Date.now(), src: 'portfolio', run: 'live' }),
      );
    await pnl('p1', 'held', 'BTC-PERP', 0.5);
    await pnl('p2', 'held', 'ETH-PERP', 2);
    await pnl('p3', 'held', 'BTC-PERP', 0);
    await pnl('p4', 'flat', 'BTC-PERP', 1);
    await pnl('p5', 'flat', 'BTC-PERP', 0);

    const refused = await json(await t.api('/api/v1/strategies/held', { method: 'DELETE' }));
    expect(refused).toEqual({
      status: 409,
      body: {
        error: 'strategy held holds 2 ETH-PERP: flatten it first (save it with killSwitch: true and wait for the fills), or remove it with ?force=true and leave the position open',
        where: 'id',
      },
    });
    expect((await t.fx.config.get('strategy.held'))?.operation).toBe('PUT');
    expect(await json(await t.api('/api/v1/strategies/held?force=yes', { method: 'DELETE' }))).toEqual({ status: 400, body: { error: 'force: expected true or false, got "yes"', where: 'force' } });

    const forced = await json(await t.api('/api/v1/strategies/held?force=true', { method: 'DELETE' }));
    expect(forced).toEqual({ status: 200, body: { id: 'held', removed: true, note: expect.stringContaining('no node agent answered') } });
    expect((await t.fx.config.get('strategy.held'))?.operation).toBe('DEL');

    expect((await json(await t.api('/api/v1/strategies/flat', { method: 'DELETE' }))).body).toMatchObject({ id: 'flat', removed: true });
    expect((await t.fx.config.get('strategy.flat'))?.operation).toBe('DEL');
    const ids = ((await (await t.api('/api/v1/strategies')).json()) as Array<{ id: string }>).map((r) => r.id);
    expect(ids).not.toContain('held');
    expect(ids).not.toContain('flat');
    expect((await t.api('/api/v1/strategies/held', { method: 'DELETE' })).status).toBe(404);
  });

  it('lists strategies without leaving a consumer on the config bucket (the board asks every 3 s)', async () => {
    await t.fx.config.put('strategy.listed', JSON.stringify({ id: 'listed', template: 'sma-cross', instruments: ['BTC-PERP'], timeframe: '1m' }));
    const consumers = async () => (await t.fx.jsm.streams.info(`KV_${KV_BUCKETS.config}`)).state.consumer_count;
    const before = await consumers();
    for (let i = 0; i < 5; i++) {
      const ids = ((await (await t.api('/api/v1/strategies')).json()) as Array<{ id: string }>).map((r) => r.id);
      expect(ids).toContain('listed');
    }
    expect(await consumers()).toBe(before);
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
