import { pushTimePoint } from './time-points';

describe('pushTimePoint', () => {
  it('keeps time order with one point per time, drops older points, and keeps at most max', () => {
    const list: Array<{ ts: number; v: string }> = [];
    for (const [ts, v] of [[1, 'a'], [2, 'b'], [2, 'c'], [1, 'late'], [3, 'd'], [4, 'e']] as const) pushTimePoint(list, { ts, v }, 3);
    expect(list).toEqual([{ ts: 2, v: 'c' }, { ts: 3, v: 'd' }, { ts: 4, v: 'e' }]);
  });
});
