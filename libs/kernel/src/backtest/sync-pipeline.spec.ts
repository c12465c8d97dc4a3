import { createEvent, examples, eventId, type HeliosEvent } from '@helios/contracts';
import { derive, type Decider } from '@helios/domain-core';
import { PipelineError, stage, SyncPipeline } from './sync-pipeline';

const candle = createEvent('md.candle', examples['md.candle'], { id: eventId('c', 1), ts: examples['md.candle'].closeTime, src: 'md', run: 'r' });

/** Emits one `emit` event per consumed event and counts what it saw (input and own outputs). */
function relay(name: string, emit: 'strategy.intent' | 'risk.approved' | null): Decider<string[]> {
  return {
    name,
    initialState: () => [],
    decide: (_s, e) => (emit === null ? [] : [derive(e, emit, 0, name, examples[emit] as never)]),
    evolve: (s, e) => [...s, e.type],
  };
}

describe('SyncPipeline', () => {
  it('delivers depth first in stage order and reports every event once, in that order', () => {
    const published: string[] = [];
    const a = stage('a', relay('a', 'strategy.intent'), ['md.candle']);
    const b = stage('b', relay('b', 'risk.approved'), ['strategy.intent']);
    const c = stage('c', relay('c', null), ['md.candle', 'risk.approved']);
    const pipeline = new SyncPipeline([a, b, c], (e: HeliosEvent) => published.push(`${e.src}:${e.type}`));
    pipeline.publish(candle);
    // a's intent goes all the way down (b, then b's approval to c) before c sees the candle.
    expect(published).toEqual(['md:md.candle', 'a:strategy.intent', 'b:risk.approved']);
    expect(a.state).toEqual(['md.candle', 'strategy.intent']);
    expect(b.state).toEqual(['strategy.intent', 'risk.approved']);
    expect(c.state).toEqual(['risk.approved', 'md.candle']);
  });

  it('does not hand a stage its own outputs again', () => {
    const a = stage('a', relay('a', 'strategy.intent'), ['md.candle', 'strategy.intent']);
    const pipeline = new SyncPipeline([a], () => undefined);
    pipeline.publish(candle);
    expect(a.state).toEqual(['md.candle', 'strategy.intent']);
  });

  it('stops deciders that feed each other forever, and names the stage of a decider that throws', () => {
    const ping = stage('ping', relay('ping', 'risk.approved'), ['strategy.intent']);
    const pong = stage('pong', relay('pong', 'strategy.intent'), ['risk.approved']);
    const loop = new SyncPipeline([ping, pong], () => undefined, 10);
    expect(() => loop.publish(derive(candle, 'strategy.intent', 0, 'x', examples['strategy.intent']))).toThrow(PipelineError);
    const broken: Decider<null> = { name: 'broken', initialState: () => null, decide: () => { throw new Error('boom'); }, evolve: (s) => s };
    const pipeline = new SyncPipeline([stage('broken', broken, ['md.candle'])], () => undefined);
    expect(() => pipeline.publish(candle)).toThrow(`broken failed on md.candle ${candle.id} (event time ${candle.ts}): boom`);
  });

  it('refuses two stages with one name', () => {
    expect(() => new SyncPipeline([stage('a', relay('a', null), []), stage('a', relay('a', null), [])], () => undefined)).toThrow('SyncPipeline: two stages are named "a"');
  });
});
