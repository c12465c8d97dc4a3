import { nakDelay, storedAtMs } from './consumer';

describe('nakDelay', () => {
  it('takes one back-off entry per attempt and repeats the last one', () => {
    expect([1, 2, 3, 4, 9].map((attempt) => nakDelay([100, 500, 2_000], attempt))).toEqual([100, 500, 2_000, 2_000, 2_000]);
  });

  it('redelivers at once without a back-off', () => {
    expect(nakDelay([], 3)).toBe(0);
  });
});

describe('storedAtMs', () => {
  // A stand-in exposing the two views of the delivery timestamp a JetStream message offers.
  const at = (nanos: bigint) =>
    ({ info: { timestampNanos: Number(nanos) }, timestampNanos: nanos }) as unknown as Parameters<typeof storedAtMs>[0];

  it('floors nanoseconds to whole milliseconds', () => {
    expect(storedAtMs(at(1_763_700_000_123_456_789n))).toBe(1_763_700_000_123);
  });

  it('stays exact next to a millisecond boundary, where the nanosecond double is ambiguous', () => {
    // 1_763_700_000_124_000_000 - 1 rounds up to ...124_000_000 as a double: the naive floor says 124.
    expect(Number(1_763_700_000_123_999_999n)).toBe(1_763_700_000_124_000_000);
    expect(storedAtMs(at(1_763_700_000_123_999_999n))).toBe(1_763_700_000_123);
    expect(storedAtMs(at(1_763_700_000_124_000_000n))).toBe(1_763_700_000_124);
    expect(storedAtMs(at(1_763_700_000_124_000_127n))).toBe(1_763_700_000_124);
  });
});
