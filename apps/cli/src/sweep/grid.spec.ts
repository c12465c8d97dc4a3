import { combinations, parseGridAxis } from './grid';

describe('sweep grids', () => {
  it('parses ranges (inclusive), lists and single values', () => {
    expect(parseGridAxis('fast=5..50:5')).toEqual({ name: 'fast', values: [5, 10, 15, 20, 25, 30, 35, 40, 45, 50] });
    expect(parseGridAxis('slow=20..23')).toEqual({ name: 'slow', values: [20, 21, 22, 23] });
    expect(parseGridAxis('k=0.1..0.3:0.1')).toEqual({ name: 'k', values: [0.1, 0.2, 0.3] });
    expect(parseGridAxis('n=3,5,8')).toEqual({ name: 'n', values: [3, 5, 8] });
    expect(parseGridAxis('n=7')).toEqual({ name: 'n', values: [7] });
  });

  it('refuses malformed axes, naming them', () => {
    expect(() => parseGridAxis('fast')).toThrow('--grid "fast": expected name=values');
    expect(() => parseGridAxis('fast=1..5:0')).toThrow('--grid "fast=1..5:0": step must be > 0');
    expect(() => parseGridAxis('fast=a..5')).toThrow('from "a" is not a number');
    expect(() => parseGridAxis('fast=1,1')).toThrow('values repeat');
  });

  it('walks every combination, the first axis slowest', () => {
    expect(combinations([parseGridAxis('a=1,2'), parseGridAxis('b=10,20,30')])).toEqual([
      { a: 1, b: 10 },
      { a: 1, b: 20 },
      { a: 1, b: 30 },
      { a: 2, b: 10 },
      { a: 2, b: 20 },
      { a: 2, b: 30 },
    ]);
    expect(() => combinations([parseGridAxis('a=1'), parseGridAxis('a=2')])).toThrow('--grid a is given twice');
  });
});
