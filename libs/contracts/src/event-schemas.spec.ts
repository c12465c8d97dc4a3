import { DLQ_RAW_LIMIT } from './events/system';
import { examplePayload, examples } from './examples';
import { structuralMutations } from './mutations.testing';
import { registry, type EventType } from './registry';
import { validatePayload } from './validate';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- patches write wrongly typed values on purpose
type Loose = Record<string, any>;
type Patch = (p: Loose) => void;
const mutate = (type: EventType, patch: Patch) => {
  const p = JSON.parse(JSON.stringify(examples[type])) as Loose;
  patch(p);
  return p;
};
const brief = (type: EventType, payload: unknown) =>
  validatePayload(type, registry.currentVersion(type), payload).map((i) => [i.path, i.rule]);

describe.each(registry.types)('payload schema of %s', (type) => {
  const definition = registry.get(type);

  describe.each(definition.versions.map((version) => version.v))('v%d', (v) => {
    const schema = registry.version(type, v).schema;

    it('accepts the valid example', () => {
      expect(validatePayload(type, v, examplePayload(type, v))).toEqual([]);
    });

    it.each(structuralMutations(schema))('rejects the example with $name: $rule at $path', (m) => {
      const issues = validatePayload(type, v, m.apply(examplePayload(type, v)));
      const issue = issues.find((i) => i.path === m.path && i.rule === m.rule);
      expect(issue).toBeDefined();
      expect(issue?.message).toContain(m.path);
      expect(issue?.message).toContain(`[${m.rule}]`);
    });
  });
});

describe('domain constraints, with the exact issues they produce', () => {
  const cases: Array<[string, EventType, Patch, Array<[string, string]>]> = [
    ['candle with a zero open', 'md.candle', (p) => (p.open = 0), [['/payload/open', 'exclusiveMinimum']]],
    ['candle with negative volume', 'md.candle', (p) => (p.volume = -1), [['/payload/volume', 'minimum']]],
    ['candle with an unknown timeframe unit', 'md.candle', (p) => (p.tf = '1x'), [['/payload/tf', 'pattern']]],
    ['candle with a fractional open time', 'md.candle', (p) => (p.openTime += 0.5), [['/payload/openTime', 'type']]],
    ['candle with a dotted symbol', 'md.candle', (p) => (p.symbol = 'BTC.USDT'), [['/payload/symbol', 'pattern']]],
    ['candle whose high is below its low', 'md.candle', (p) => (p.high = 41000), [['/payload/high', 'ohlc'], ['/payload/high', 'ohlc']]],
    ['candle whose low is above its close', 'md.candle', (p) => (p.low = 42090), [['/payload/low', 'ohlc']]],
    ['candle closing before it opens', 'md.candle', (p) => (p.closeTime = p.openTime), [['/payload/closeTime', 'timeOrder']]],
    ['tick with zero size', 'md.tick', (p) => (p.size = 0), [['/payload/size', 'exclusiveMinimum']]],
    ['tick with an unknown side', 'md.tick', (p) => (p.side = 'long'), [['/payload/side', 'enum']]],
    ['depth level without a size', 'md.depth', (p) => (p.bids[0] = [1]), [['/payload/bids/0', 'minItems']]],
    ['depth level with a zero price', 'md.depth', (p) => (p.asks[1] = [0, 1]), [['/payload/asks/1/0', 'exclusiveMinimum']]],
    ['depth level with three numbers', 'md.depth', (p) => (p.asks[0] = [1, 2, 3]), [['/payload/asks/0', 'maxItems']]],
    ['gap of zero bars', 'md.gap', (p) => (p.missingBars = 0), [['/payload/missingBars', 'minimum']]],
    ['gap whose actual bar is not later', 'md.gap', (p) => (p.actualOpenTime = p.expectedOpenTime), [['/payload/actualOpenTime', 'timeOrder']]],
    ['indicator without values', 'indicator.value', (p) => (p.values = {}), [['/payload/values', 'minProperties']]],
    ['indicator value under a bad key', 'indicator.value', (p) => (p.values = { 'bad key': 1 }), [['/payload/values/bad key', 'additionalProperties']]],
    ['indicator value that is not a number', 'indicator.value', (p) => (p.values.macd = 'x'), [['/payload/values/macd', 'type']]],
    ['indicator param that is null', 'indicator.value', (p) => (p.params.fast = null), [['/payload/params/fast', 'type']]],
    ['indicator version 0', 'indicator.value', (p) => (p.version = 0), [['/payload/version', 'minimum']]],
    ['intent without targets', 'strategy.intent', (p) => (p.targets = []), [['/payload/targets', 'minItems']]],
    ['intent target qty that is a string', 'strategy.intent', (p) => (p.targets[0].qty = '1'), [['/payload/targets/0/qty', 'type']]],
    ['intent target with an empty instrument', 'strategy.intent', (p) => (p.targets[1].instrument = ''), [['/payload/targets/1/instrument', 'minLength'], ['/payload/targets/1/instrument', 'pattern']]],
    ['intent naming an instrument twice', 'strategy.intent', (p) => (p.targets[1].instrument = 'BTC-USDT'), [['/payload/targets/1/instrument', 'uniqueInstrument']]],
    ['intent from a reserved strategy id', 'strategy.intent', (p) => (p.strategyId = '_global'), [['/payload/strategyId', 'pattern']]],
    ['approval with a negative limits version', 'risk.approved', (p) => (p.limitsVersion = -1), [['/payload/limitsVersion', 'minimum']]],
    ['approval target with an extra field', 'risk.approved', (p) => (p.targets[0].leverage = 1), [['/payload/targets/0/leverage', 'additionalProperties']]],
    ['target with both qty and weight', 'strategy.intent', (p) => (p.targets[0].weight = 1), [['/payload/targets/0', 'qtyXorWeight']]],
    ['target with neither qty nor weight', 'risk.approved', (p) => delete p.targets[0].qty, [['/payload/targets/0', 'qtyXorWeight']]],
    ['target weight beyond 10x', 'strategy.intent', (p) => ((p.targets[0].weight = 11), delete p.targets[0].qty), [['/payload/targets/0/weight', 'maximum']]],
    ['order with both qty and quoteQty', 'order.new', (p) => ((p.type = 'market'), delete p.limitPrice, (p.quoteQty = 1000)), [['/payload', 'qtyXorQuoteQty']]],
    ['order with neither qty nor quoteQty', 'order.new', (p) => delete p.qty, [['/payload', 'qtyXorQuoteQty']]],
    ['limit order sized in quote currency', 'order.new', (p) => (delete p.qty, (p.quoteQty = 1000)), [['/payload/quoteQty', 'marketOnly']]],
    ['rejection without reasons', 'risk.rejected', (p) => (p.reasons = []), [['/payload/reasons', 'minItems']]],
    ['rejection reason without a message', 'risk.rejected', (p) => delete p.reasons[1].message, [['/payload/reasons/1/message', 'required']]],
    ['halt by nobody', 'risk.halt', (p) => (p.by = ''), [['/payload/by', 'minLength']]],
    ['order of zero quantity', 'order.new', (p) => (p.qty = 0), [['/payload/qty', 'exclusiveMinimum']]],
    ['order of negative quantity', 'order.new', (p) => (p.qty = -1), [['/payload/qty', 'exclusiveMinimum']]],
    ['limit order without a limit price', 'order.new', (p) => delete p.limitPrice, [['/payload/limitPrice', 'required']]],
    ['market order with a limit price', 'order.new', (p) => (p.type = 'market'), [['/payload/limitPrice', 'forbidden']]],
    ['limit order at a zero price', 'order.new', (p) => (p.limitPrice = 0), [['/payload/limitPrice', 'exclusiveMinimum']]],
    ['order with an unknown time in force', 'order.new', (p) => (p.timeInForce = 'DAY'), [['/payload/timeInForce', 'enum']]],
    ['fill with negative remaining quantity', 'order.fill', (p) => (p.remainingQty = -0.1), [['/payload/remainingQty', 'minimum']]],
    ['fill with unknown liquidity', 'order.fill', (p) => (p.liquidity = 'both'), [['/payload/liquidity', 'enum']]],
    ['cancel with an empty reason', 'order.cancel', (p) => (p.reason = ''), [['/payload/reason', 'minLength']]],
    ['global P&L with drawdown over 100%', 'pnl.global', (p) => (p.drawdownPct = 101), [['/payload/drawdownPct', 'maximum']]],
    ['global P&L with negative exposure', 'pnl.global', (p) => (p.grossExposure = -1), [['/payload/grossExposure', 'minimum']]],
    ['P&L with a negative average price', 'pnl.update', (p) => (p.avgPrice = -1), [['/payload/avgPrice', 'minimum']]],
    ['violation with an unknown action', 'risk.violation', (p) => (p.action = 'panic'), [['/payload/action', 'enum']]],
    ['advice scoring above 1', 'ml.advice', (p) => (p.score = 1.5), [['/payload/score', 'maximum']]],
    ['advice scoring below -1', 'ml.advice', (p) => (p.score = -1.01), [['/payload/score', 'minimum']]],
    ['advice with negative confidence', 'ml.advice', (p) => (p.confidence = -0.1), [['/payload/confidence', 'minimum']]],
    ['advice with a free-text horizon', 'ml.advice', (p) => (p.horizon = 'soon'), [['/payload/horizon', 'pattern']]],
    ['heartbeat with an unknown status', 'system.heartbeat', (p) => (p.status = 'dead'), [['/payload/status', 'enum']]],
    ['heartbeat with fractional lag', 'system.heartbeat', (p) => (p.lagMsgs = 1.5), [['/payload/lagMsgs', 'type']]],
    ['heartbeat with negative lag', 'system.heartbeat', (p) => (p.lagMsgs = -1), [['/payload/lagMsgs', 'minimum']]],
    ['reconfigure without a config', 'system.cmd', (p) => delete p.config, [['/payload/config', 'required']]],
    ['stop carrying a config', 'system.cmd', (p) => (p.command = 'stop'), [['/payload/config', 'forbidden']]],
    ['command with an unknown verb', 'system.cmd', (p) => ((p.command = 'reboot'), delete p.config), [['/payload/command', 'enum']]],
    ['dead letter with an unknown reason', 'system.dlq', (p) => (p.reason = 'other'), [['/payload/reason', 'enum']]],
    ['dead letter with raw text over the limit', 'system.dlq', (p) => (p.raw = 'x'.repeat(DLQ_RAW_LIMIT + 1)), [['/payload/raw', 'maxLength']]],
    ['dead letter error without a rule', 'system.dlq', (p) => (p.errors[0].rule = ''), [['/payload/errors/0/rule', 'minLength']]],
    ['dead letter with sequence 0', 'system.dlq', (p) => (p.originalSeq = 0), [['/payload/originalSeq', 'minimum']]],
    ['failed run without an error', 'run.lifecycle', (p) => (p.status = 'failed'), [['/payload/error', 'required']]],
    ['run of an unknown kind', 'run.lifecycle', (p) => (p.kind = 'live'), [['/payload/kind', 'enum']]],
  ];

  it.each(cases)('rejects a %s', (_name, type, patch, expected) => {
    expect(brief(type, mutate(type, patch))).toEqual(expected);
  });

  const accepted: Array<[string, EventType, Patch]> = [
    ['market order without a limit price', 'order.new', (p) => ((p.type = 'market'), delete p.limitPrice)],
    ['market order sized in quote currency', 'order.new', (p) => ((p.type = 'market'), delete p.limitPrice, delete p.qty, (p.quoteQty = 1000))],
    ['all-in long target by weight', 'strategy.intent', (p) => (p.targets = [{ instrument: 'A', weight: 1 }, { instrument: 'B', weight: -0.5 }])],
    ['fill with a rebate (negative fee)', 'order.fill', (p) => (p.fee = -0.5)],
    ['tick without a side', 'md.tick', (p) => delete p.side],
    ['short target and a flat target', 'strategy.intent', (p) => (p.targets = [{ instrument: 'A', qty: -3 }, { instrument: 'B', qty: 0 }])],
    ['portfolio-wide violation without strategy', 'risk.violation', (p) => delete p.strategyId],
    ['stop for every instance, without config', 'system.cmd', (p) => ((p.command = 'stop'), delete p.config, delete p.instance)],
    ['failed run with its error', 'run.lifecycle', (p) => ((p.status = 'failed'), (p.error = 'strategy threw'))],
    ['empty order book side', 'md.depth', (p) => (p.bids = [])],
    ['dead letter of an empty message', 'system.dlq', (p) => (p.raw = '')],
  ];

  it.each(accepted)('accepts a %s', (_name, type, patch) => {
    expect(brief(type, mutate(type, patch))).toEqual([]);
  });

  it('rejects non-finite numbers, which JSON cannot carry but callers can pass', () => {
    expect(brief('md.tick', mutate('md.tick', (p) => (p.price = Number.POSITIVE_INFINITY)))).toEqual([['/payload/price', 'type']]);
    expect(brief('pnl.global', mutate('pnl.global', (p) => (p.cash = Number.NaN)))).toEqual([['/payload/cash', 'type']]);
  });

  it('names the condition of a conditional rule in the message', () => {
    const [issue] = validatePayload('order.new', 1, mutate('order.new', (p) => delete p.limitPrice));
    expect(issue.message).toBe('/payload/limitPrice: is required when type is "limit" [required]');
  });
});
