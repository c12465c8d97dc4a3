import { AppliedLog } from './applied-log';

describe('AppliedLog', () => {
  it('starts covered up to the snapshot and records sequences applied above it', () => {
    const log = new AppliedLog('MD', 10);
    expect(log.isApplied(10)).toBe(true);
    expect(log.isApplied(11)).toBe(false);
    log.markApplied(11);
    log.markApplied(12);
    expect([log.covered, log.last, log.pendingAbove]).toEqual([10, 12, 2]);
    expect(log.isApplied(12)).toBe(true);
    expect(log.snapshotPoint()).toBeUndefined();
  });

  it('still applies a late redelivery below the highest sequence (a lost delivery is not a duplicate)', () => {
    const log = new AppliedLog('ORDER', 0);
    log.markApplied(1);
    log.markApplied(3);
    expect(log.isApplied(2)).toBe(false);
    log.markApplied(2);
    expect(log.isApplied(2)).toBe(true);
  });

  it('moves the watermark to the ack floor, forgetting what it covers, and only then offers a snapshot point', () => {
    const log = new AppliedLog('MD', 5);
    [6, 7, 9].forEach((s) => log.markApplied(s));
    log.advanceToAckFloor(7);
    expect([log.covered, log.pendingAbove, log.snapshotPoint()]).toEqual([7, 1, undefined]);
    log.advanceToAckFloor(9);
    expect([log.covered, log.pendingAbove, log.snapshotPoint()]).toEqual([9, 0, 9]);
    log.advanceToAckFloor(3);
    expect(log.covered).toBe(9);
  });

  it('covers through the end of a replayed stream', () => {
    const log = new AppliedLog('MD', 0);
    log.markApplied(4);
    log.coverThrough(20);
    expect([log.covered, log.last, log.pendingAbove, log.snapshotPoint()]).toEqual([20, 20, 0, 20]);
    expect(log.isApplied(17)).toBe(true);
  });

  it('refuses a negative or fractional starting point', () => {
    expect(() => new AppliedLog('MD', -1)).toThrow('AppliedLog MD: covered must be an integer >= 0, got -1');
    expect(() => new AppliedLog('MD', 1.5)).toThrow(/got 1.5/);
  });
});
