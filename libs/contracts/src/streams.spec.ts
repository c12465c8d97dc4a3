import { exampleEvent } from './examples';
import { registry } from './registry';
import { parseSubject } from './subject-parser';
import { eventTypeOfSubject, subjectFor } from './subject-for';
import { filters, GLOBAL_SCOPE, scoped } from './subjects';
import { filtersOverlap, KV_BUCKETS, OBJECT_STORES, STREAM_NAMES, STREAMS, streamOf, subjectMatches } from './streams';
import { subjectCases } from './subject-cases.testing';

describe('streams', () => {
  it('has the streams of the design with their filters', () => {
    expect(STREAMS).toEqual({
      MD: ['md.>'],
      INDICATOR: ['indicator.>'],
      STRATEGY: ['strategy.>'],
      ML: ['ml.>'],
      RISK: ['risk.approved.>', 'risk.rejected.>', 'risk.halt'],
      ORDER: ['order.>'],
      PNL: ['pnl.>', 'risk.violation.>'],
      SYSTEM: ['system.>'],
      RUNS: ['run.>'],
      BT: ['bt.>'],
    });
  });

  it('has no two filters, in the same or different streams, that can match one subject', () => {
    const all = STREAM_NAMES.flatMap((name) => STREAMS[name].map((f) => [name, f] as const));
    const overlaps = all.flatMap(([s1, f1], i) => all.slice(i + 1).filter(([, f2]) => filtersOverlap(f1, f2)).map(([s2, f2]) => `${s1}:${f1} ~ ${s2}:${f2}`));
    expect(overlaps).toEqual([]);
  });

  it.each(subjectCases)('puts %s in exactly one stream', (subject) => {
    const owners = STREAM_NAMES.filter((name) => STREAMS[name].some((f) => subjectMatches(f, subject)));
    expect(owners).toHaveLength(1);
    expect(streamOf(subject)).toBe(owners[0]);
  });

  it('routes each namespace to its stream, run-scoped subjects to BT', () => {
    expect(streamOf('md.candle.binance.BTC-USDT.1m')).toBe('MD');
    expect(streamOf('risk.halt')).toBe('RISK');
    expect(streamOf('risk.approved.s1')).toBe('RISK');
    expect(streamOf('risk.violation.s1')).toBe('PNL');
    expect(streamOf('pnl.global')).toBe('PNL');
    expect(streamOf('run.bt-1.completed')).toBe('RUNS');
    expect(streamOf(scoped('bt-1', 'order.fill.paper-1'))).toBe('BT');
  });

  it('names the subject no stream captures', () => {
    expect(() => streamOf('weather.today')).toThrow('streamOf: no stream captures subject "weather.today"');
    expect(() => streamOf('risk.other.x')).toThrow('no stream captures subject "risk.other.x"');
  });

  it('matches NATS wildcards the way the server does', () => {
    expect(subjectMatches('md.>', 'md.candle')).toBe(true);
    expect(subjectMatches('md.>', 'md')).toBe(false);
    expect(subjectMatches('order.*.a', 'order.new.a')).toBe(true);
    expect(subjectMatches('order.*.a', 'order.new.b')).toBe(false);
    expect(subjectMatches('order.*', 'order.new.a')).toBe(false);
    expect(subjectMatches('risk.halt', 'risk.halt')).toBe(true);
    expect(subjectMatches('risk.halt', 'risk.halt.x')).toBe(false);
    expect(filtersOverlap('order.*.a', 'order.new.>')).toBe(true);
    expect(filtersOverlap('risk.halt', 'risk.>')).toBe(true);
    expect(filtersOverlap('risk.halt', 'risk.approved.>')).toBe(false);
    expect(filtersOverlap('a.*', 'a.b.c')).toBe(false);
  });

  it('names the KV buckets and the object store', () => {
    expect(KV_BUCKETS).toEqual({ config: 'helios-config', snapshots: 'helios-snapshots', leases: 'helios-leases', health: 'helios-health' });
    expect(OBJECT_STORES).toEqual({ artifacts: 'helios-artifacts' });
  });

  it('keeps every wildcard filter inside one stream', () => {
    const plain = Object.values(filters as Record<string, unknown>).filter((f): f is string => typeof f === 'string' && f !== filters.allScoped);
    for (const f of plain) {
      const owners = STREAM_NAMES.filter((name) => STREAMS[name].some((sf) => filtersOverlap(sf, f)));
      expect([f, owners.length]).toEqual([f, 1]);
    }
  });
});

describe('subjectFor', () => {
  it.each(registry.types)('publishes the %s example on a subject that parses back to its type and lives in one stream', (type) => {
    const event = exampleEvent(type);
    const subject = subjectFor(event);
    expect(eventTypeOfSubject(subject)).toBe(type);
    expect(() => streamOf(subject)).not.toThrow();
  });

  it('derives subjects from payload fields', () => {
    expect(subjectFor(exampleEvent('md.candle'))).toBe('md.candle.binance.BTC-USDT.1m');
    expect(subjectFor(exampleEvent('indicator.value'))).toBe('indicator.macd.v1.BTC-USDT.1m');
    expect(subjectFor(exampleEvent('strategy.intent'))).toBe('strategy.intent.sma-cross');
    expect(subjectFor(exampleEvent('order.fill'))).toBe('order.fill.paper-1');
    expect(subjectFor(exampleEvent('run.lifecycle'))).toBe('run.bt-20240101-sma.completed');
    expect(subjectFor(exampleEvent('system.heartbeat'))).toBe('system.heartbeat.risk-gate.laptop-a-1');
  });

  it('uses the reserved scopes for portfolio-wide violations and commands to every instance', () => {
    const violation = exampleEvent('risk.violation');
    delete violation.payload.strategyId;
    expect(subjectFor(violation)).toBe(`risk.violation.${GLOBAL_SCOPE}`);
    const cmd = exampleEvent('system.cmd');
    delete cmd.payload.instance;
    expect(subjectFor(cmd)).toBe('system.cmd.strategy-runner._all');
    expect(parseSubject(subjectFor(cmd))).toEqual({ kind: 'cmd', service: 'strategy-runner', instance: '_all' });
  });
});
