import { subjectCases } from './subject-cases.testing';
import { formatSubject, parseSubject } from './subject-parser';
import { filters, scoped, SubjectError, subjects, unscoped } from './subjects';

describe('subject builders and parser', () => {
  it.each(subjectCases)('builds %s and parses it back', (built, expected, parsed) => {
    expect(built).toBe(expected);
    expect(parseSubject(built)).toEqual(parsed);
    expect(formatSubject(parseSubject(built))).toBe(built);
  });

  it.each(subjectCases)('round-trips %s through a run scope', (built, _expected, parsed) => {
    const inRun = scoped('bt-7', built);
    expect(inRun).toBe(`bt.bt-7.${built}`);
    expect(parseSubject(inRun)).toEqual({ ...parsed, scope: 'bt-7' });
    expect(formatSubject(parseSubject(inRun))).toBe(inRun);
    expect(unscoped(inRun)).toEqual({ runId: 'bt-7', subject: built });
  });

  it('covers every subject kind', () => {
    const kinds = new Set(subjectCases.map(([, , parsed]) => parsed.kind));
    expect(kinds.size).toBe(18);
  });

  it('passes plain subjects through unscoped', () => {
    expect(unscoped('md.tick.a.b')).toEqual({ subject: 'md.tick.a.b' });
  });

  const badTokens: Array<[string, () => string, string]> = [
    ['an empty venue', () => subjects.candle('', 'BTC-USDT', '1m'), 'subjects.candle: argument "venue" must be a subject token'],
    ['a dotted symbol', () => subjects.tick('binance', 'BTC.USDT'), 'subjects.tick: argument "symbol" must be a subject token'],
    ['a wildcard strategy id', () => subjects.intent('*'), 'subjects.intent: argument "strategyId" must be a subject token'],
    ['a tail wildcard account', () => subjects.order('new', '>'), 'subjects.order: argument "account" must be a subject token'],
    ['whitespace in a service', () => subjects.heartbeat('risk gate', 'i1'), 'subjects.heartbeat: argument "service" must be a subject token'],
    ['a tab in an instance', () => subjects.cmd('risk-gate', 'a\tb'), 'subjects.cmd: argument "instance" must be a subject token'],
    ['a non-string model', () => subjects.mlAdvice(7 as unknown as string, 'BTC'), 'subjects.mlAdvice: argument "model" must be a subject token'],
    ['a 65-character run id', () => subjects.run('r'.repeat(65), 'queued'), 'subjects.run: argument "runId" must be a subject token of 1-64'],
    ['a bad timeframe', () => subjects.gap('binance', 'BTC', '1 min'), 'subjects.gap: argument "tf" must be a subject token'],
    ['an unknown timeframe unit', () => subjects.candle('binance', 'BTC', '1y'), 'subjects.candle: argument "tf" must be a timeframe like 1m, 4h or 1d, got "1y"'],
    ['indicator version 0', () => subjects.indicator('rsi', 0, 'BTC', '1m'), 'subjects.indicator: argument "version" must be a positive integer, got 0'],
    ['an unknown order kind', () => subjects.order('amend' as never, 'paper-1'), 'subjects.order: argument "kind" must be one of new, ack, fill, cancel, reject, got "amend"'],
    ['a dotted run id in scoped()', () => scoped('bt.1', 'md.tick.a.b'), 'subjects.scoped: argument "runId" must be a subject token'],
    ['an already scoped subject', () => scoped('r1', 'bt.r0.md.tick.a.b'), 'scoped: argument "subject" must be a non-empty unscoped subject'],
  ];

  it.each(badTokens)('rejects %s, naming the argument', (_name, build, message) => {
    expect(build).toThrow(SubjectError);
    expect(build).toThrow(message);
  });

  const badSubjects: Array<[string, string]> = [
    ['', 'parseSubject: subject must be a non-empty string'],
    ['md.candle.binance.BTC', 'parseSubject: "md.candle.binance.BTC" is not a Helios subject (expected md.candle.<venue>.<symbol>.<tf>)'],
    ['md.candle.binance.BTC.1y', 'parseSubject: token "tf" of "md.candle.binance.BTC.1y" must be a timeframe like 1m, 4h or 1d, got "1y"'],
    ['indicator.rsi.2.BTC.1m', 'parseSubject: token "version" of "indicator.rsi.2.BTC.1m" must be v<k> with k a positive integer, got "2"'],
    ['order.amend.paper-1', 'parseSubject: token "orderKind" of "order.amend.paper-1" must be one of new, ack, fill, cancel, reject'],
    ['strategy.intent.*', 'parseSubject: token "strategyId" of "strategy.intent.*" must be a subject token'],
    ['weather.today', 'parseSubject: "weather.today" is not a Helios subject'],
    ['risk.halt.now', 'parseSubject: "risk.halt.now" is not a Helios subject (expected risk.halt)'],
    ['bt.r1', 'unscoped: "bt.r1" is not of the form bt.<runId>.<subject>'],
  ];

  it.each(badSubjects)('refuses to parse %j with a clear error', (subject, message) => {
    expect(() => parseSubject(subject)).toThrow(message);
  });

  it('provides filters for every namespace and helpers for narrower ones', () => {
    expect(filters.allCandles).toBe('md.candle.>');
    expect(filters.heartbeats).toBe('system.heartbeat.>');
    expect(filters.candlesOf('binance', '1m')).toBe('md.candle.binance.*.1m');
    expect(filters.ordersOfKind('fill')).toBe('order.fill.*');
    expect(filters.ordersOfAccount('paper-1')).toBe('order.*.paper-1');
    expect(filters.commandsFor('risk-gate', 'i1')).toEqual(['system.cmd.risk-gate.i1', 'system.cmd.risk-gate._all']);
    expect(filters.run('bt-42')).toBe('run.bt-42.>');
    expect(filters.scoped('bt-42')).toBe('bt.bt-42.>');
    expect(() => filters.candlesOf('bin.ance', '1m')).toThrow('subjects.candlesOf: argument "venue" must be a subject token');
  });
});
