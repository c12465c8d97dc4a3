import { holdNetWithin } from './net-limit';

describe('holdNetWithin (one strategy against a limit on |net exposure|)', () => {
  it.each([
    // target, own, others, limit -> status, target
    ['within the limit', 8, 0, 2, 10, 'within', 8],
    ['clipped to the limit', 12, 0, 0, 10, 'clipped', 10],
    ['clipped by what others hold', 12, 0, 4, 10, 'clipped', 6],
    ['clipped on the short side', -20, 5, 0, 10, 'clipped', -10],
    ['no room: others hold it all', 5, 0, 10, 10, 'noRoom', 0],
    ['reducing |net| passes above a lowered limit', 11, 12, 0, 10, 'within', 11],
    ['never clipped past the current exposure', 15, 12, 0, 10, 'noRoom', 12],
    ['a hedge against others passes', -20, 0, 15, 10, 'within', -20],
  ] as const)('%s', (_what, target, own, others, limit, status, expected) => {
    expect(holdNetWithin(target, own, others, limit)).toEqual({ status, target: expected });
  });
});
