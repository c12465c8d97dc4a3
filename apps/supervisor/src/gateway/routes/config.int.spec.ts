import { SERVICE_CONFIG_SCHEMAS, subjects } from '@helios/contracts';
import { startTestGateway, type TestGateway } from '../../../spec-support/test-gateway';

jest.setTimeout(90_000);

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as Record<string, unknown> });

describe('supervisor gateway: /config for every service', () => {
  let t: TestGateway;
  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => t?.stop());

  it('serves the JSON Schema of every configurable service from the contracts', async () => {
    const res = await json(await t.api('/api/v1/config/schemas'));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['indicators', 'order-engine', 'paper-exchange', 'portfolio', 'risk-gate', 'strategy-runner']);
    expect(res.body['portfolio']).toEqual(JSON.parse(JSON.stringify(SERVICE_CONFIG_SCHEMAS['portfolio'])));
    expect(res.body['paper-exchange']).toMatchObject({ type: 'object', properties: { fillOn: expect.anything(), slippageBps: { type: 'number', minimum: 0 } } });
    const one = await json(await t.api('/api/v1/config/indicators'));
    expect(one).toEqual({ status: 200, body: { service: 'indicators', config: {}, schema: expect.objectContaining({ type: 'object', additionalProperties: false }) } });
  });

  it('refuses a config that breaks its schema, naming the field, and stores nothing', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['portfolio', { defaultCapital: -1 }, '/defaultCapital'],
      ['paper-exchange', { fillOn: 'close' }, '/fillOn'],
      ['indicators', { indicators: ['sma20'] }, '/indicators/0'],
      ['order-engine', { defaultLotSize: 0 }, '/defaultLotSize'],
      ['risk-gate', { maxGrossExposure: 'a lot' }, '/maxGrossExposure'],
      ['portfolio', { recordCurve: true, bogus: 1 }, '/bogus'],
    ];
    for (const [service, config, where] of cases) {
      const res = await json(await t.api(`/api/v1/config/${service}`, { method: 'PUT', body: JSON.stringify(config) }));
      expect({ service, ...res }).toEqual({ service, status: 400, body: { error: expect.stringContaining(`invalid ${service} config`), where } });
      expect(await t.fx.config.get(`service.${service}`)).toBeNull();
    }
  });

  it('stores a valid config, sends it to the running instance, and reports its refusal', async () => {
    const stored = await json(await t.api('/api/v1/config/portfolio', { method: 'PUT', body: JSON.stringify({ defaultCapital: 5000 }) }));
    expect(stored).toEqual({ status: 200, body: { service: 'portfolio', revision: expect.any(Number), applied: expect.stringContaining('no instance running') } });
    expect(JSON.parse((await t.fx.config.get('service.portfolio'))!.string())).toEqual({ defaultCapital: 5000 });

    // A running instance that refuses: the answer is a 400 and KV keeps the previous value.
    const sub = t.fx.nc.subscribe(subjects.cmd('portfolio', '_all'), { callback: (_e, msg) => msg.respond(JSON.stringify({ ok: false, error: 'capital is locked' })) });
    await t.fx.nc.flush();
    const refused = await json(await t.api('/api/v1/config/portfolio', { method: 'PUT', body: JSON.stringify({ defaultCapital: 7000 }) }));
    sub.unsubscribe();
    expect(refused).toEqual({ status: 400, body: { error: 'portfolio refused the config: capital is locked', where: '/' } });
    expect(JSON.parse((await t.fx.config.get('service.portfolio'))!.string())).toEqual({ defaultCapital: 5000 });
  });

  it('answers 404 for a service without a schema and 409 for the strategy runner', async () => {
    const md = await json(await t.api('/api/v1/config/market-data', { method: 'PUT', body: JSON.stringify({}) }));
    expect(md).toEqual({ status: 404, body: { error: expect.stringContaining('market-data has no configuration schema'), where: 'service' } });
    expect((await t.api('/api/v1/config/market-data')).status).toBe(404);
    const runner = await json(await t.api('/api/v1/config/strategy-runner', { method: 'PUT', body: JSON.stringify({ strategies: {} }) }));
    expect(runner).toEqual({ status: 409, body: { error: expect.stringContaining('POST /api/v1/strategies'), where: 'service' } });
  });
});
