import { btcCandle, btcFile, loadBarSource } from './btc-candles';
import { zigzagCandle, type BenchCandle } from './zigzag-candles';

export const MARKETS = ['btc', 'zigzag'] as const;
export type MarketName = (typeof MARKETS)[number];

export interface BenchStrategy {
  id: string;
  params: { fast: number; slow: number };
}

/** What the bench feeds and which sma-cross strategies trade it. */
export interface BenchMarket {
  name: MarketName;
  description: string;
  candle(instruments: readonly string[], n: number): BenchCandle;
  strategy(i: number): BenchStrategy;
}

// Distinct fast/slow pairs, so that several strategies trade at different bars; pair 0 is 10/30.
const FAST = [10, 5, 8, 12, 15, 6, 9, 11, 14, 7];
const SLOW = [30, 20, 40, 25, 50];

/** The i-th sma-cross of the realistic market: 10/30 first, then every (fast, slow) pair of the grid, then repeats. */
export function btcStrategyParams(i: number): { fast: number; slow: number } {
  const k = i % (FAST.length * SLOW.length);
  return { fast: FAST[k % FAST.length], slow: SLOW[Math.floor(k / FAST.length)] };
}

export function benchMarket(name: MarketName, root: string): BenchMarket {
  if (name === 'zigzag') {
    return {
      name,
      description: 'zig-zag: every bar flips every sma-cross 2/3 strategy',
      candle: zigzagCandle,
      strategy: (i) => ({ id: `zigzag${i}`, params: { fast: 2, slow: 3 } }),
    };
  }
  const source = loadBarSource(btcFile(root));
  return {
    name,
    description: `btc: ${source.description}, sma-cross 10/30 (more strategies: other fast/slow pairs)`,
    candle: (instruments, n) => btcCandle(source, instruments, n),
    strategy: (i) => ({ id: `btc${i}`, params: btcStrategyParams(i) }),
  };
}
