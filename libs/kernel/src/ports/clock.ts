/**
 * Where time enters the system. Domain code never reads the wall clock; it is handed `now()`.
 * Every implementation is monotonic: `now()` never returns less than it returned before.
 */
export interface Clock {
  readonly kind: 'live' | 'backtest' | 'replay';
  now(): number;
}
