import { createPrng } from '../synthetic/prng';
import { parseDecimal } from './parse-decimal';

const parse = (s: string) => parseDecimal(s, 0, s.length);

describe('parseDecimal', () => {
  it('is bit-identical to Number() on 20,000 random decimals of every shape', () => {
    const rng = createPrng(7);
    for (let i = 0; i < 20_000; i++) {
      const digits = 1 + Math.floor(rng.next() * 20);
      let text = '';
      for (let d = 0; d < digits; d++) text += Math.floor(rng.next() * 10);
      const dot = Math.floor(rng.next() * (digits + 1));
      if (rng.next() < 0.7) text = `${text.slice(0, dot)}.${text.slice(dot)}`;
      if (rng.next() < 0.2) text += `e${rng.next() < 0.5 ? '-' : ''}${Math.floor(rng.next() * 40)}`;
      if (rng.next() < 0.3) text = `-${text}`;
      expect([text, Object.is(parse(text), Number(text))]).toEqual([text, true]);
    }
  });

  it.each(['', '-', '.', 'abc', '1.2.3', '0x10', 'Infinity', 'NaN', '1e', '1e+', '--1', '1,5', ' 1'])('refuses %j', (text) => {
    expect(parse(text)).toBeNaN();
  });

  it('reads only the given range of the text', () => {
    expect(parseDecimal('x,12.5,y', 2, 6)).toBe(12.5);
  });
});
