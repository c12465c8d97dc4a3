import { validatePayload } from '@helios/contracts';
import { heartbeatPayload, RateMeter } from './heartbeat';

describe('RateMeter', () => {
  it('turns counter readings into per-second rates between readings', () => {
    const m = new RateMeter();
    expect(m.rate(10, 1_000)).toBe(0);
    expect(m.rate(30, 1_500)).toBe(40);
    expect(m.rate(30, 2_500)).toBe(0);
    expect(m.rate(31, 5_500)).toBe(0.33);
  });
});

describe('heartbeatPayload', () => {
  it('builds a valid system.heartbeat payload and leaves out unknown or non-finite figures', () => {
    const p = heartbeatPayload({
      service: 'portfolio',
      instance: 'main',
      status: 'healthy',
      lagMsgs: 3,
      msgsInPerSec: 12.5,
      msgsOutPerSec: 25,
      latencyMsP50: 0.12345,
      latencyMsP99: undefined,
      pnl: NaN,
      startedAt: 1_704_067_200_000,
      details: { phase: 'live' },
    });
    expect(p).toEqual({
      service: 'portfolio',
      instance: 'main',
      status: 'healthy',
      lagMsgs: 3,
      msgsInPerSec: 12.5,
      msgsOutPerSec: 25,
      latencyMsP50: 0.123,
      startedAt: 1_704_067_200_000,
      details: { phase: 'live' },
    });
    expect(validatePayload('system.heartbeat', 1, p)).toEqual([]);
    expect(heartbeatPayload({ ...p, details: {}, latencyMsP50: undefined, pnl: -12.5, status: 'paused' }).pnl).toBe(-12.5);
  });

  it('names the node the process runs on, and leaves out a node name the contracts refuse rather than send an invalid heartbeat', () => {
    const facts = { service: 'portfolio', instance: 'main', status: 'healthy' as const, lagMsgs: 0, msgsInPerSec: 0, msgsOutPerSec: 0, startedAt: 1_704_067_200_000, details: {} };
    const named = heartbeatPayload({ ...facts, node: 'laptop-b' });
    expect(named.node).toBe('laptop-b');
    expect(validatePayload('system.heartbeat', 1, named)).toEqual([]);
    expect(validatePayload('system.heartbeat', 1, { ...named, node: 'laptop.b' })).not.toEqual([]);
    expect('node' in heartbeatPayload({ ...facts, node: 'laptop.b' })).toBe(false);
    expect('node' in heartbeatPayload(facts)).toBe(false);
  });
});
