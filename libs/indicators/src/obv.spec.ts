import { naiveObv } from '../spec-support/naive';
import { ttrcBars } from '../spec-support/reference-data';
import { OBV } from './obv';

describe('OBV (no TTR column: hand values and a naive recomputation)', () => {
  it('adds volume on up closes, subtracts on down closes, keeps on unchanged closes', () => {
    const obv = new OBV();
    const closes = [10, 11, 11, 10, 12];
    const volumes = [100, 200, 300, 400, 500];
    expect(closes.map((close, i) => obv.update({ close, volume: volumes[i] }))).toEqual([
      0, // first bar: no previous close
      200, // up: +200
      200, // unchanged: +0
      -200, // down: -400
      300, // up: +500
    ]);
  });

  it('equals the cumulative sum on the 5550 ttrc bars exactly (integer volumes)', () => {
    const data = ttrcBars();
    const obv = new OBV();
    expect(data.map((b) => obv.update(b))).toEqual(naiveObv(data));
  });
});
