/** A lot size and the decimals it is written with, so sized quantities print as the venue expects (0.3, not 0.30000000000000004). */
export interface Lot {
  readonly size: number;
  readonly decimals: number;
}

const MAX_DECIMALS = 15;

export function makeLot(size: number): Lot {
  if (!(size > 0) || !Number.isFinite(size)) throw new RangeError(`lot size must be a positive finite number, got ${size}`);
  let decimals = 0;
  for (; decimals < MAX_DECIMALS; decimals++) {
    const scaled = size * 10 ** decimals;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-9 * Math.max(1, scaled)) break;
  }
  return { size, decimals };
}

// A quotient that is a whole number of lots up to binary rounding (0.3 / 0.1 = 2.9999999999999996)
// is that whole number, not one lot less.
export const LOT_EPSILON = 1e-9;

/** Largest whole number of lots not above `x` (0 for x <= 0), written with the lot's decimals. */
export function floorToLot(x: number, lot: Lot): number {
  if (!(x > 0)) return 0;
  const lots = Math.floor(x / lot.size + LOT_EPSILON);
  return lots > 0 ? cleanDecimals(lots * lot.size, lot.decimals) : 0;
}

function cleanDecimals(v: number, decimals: number): number {
  const scale = 10 ** decimals;
  const scaled = Math.round(v * scale);
  return Number.isSafeInteger(scaled) ? scaled / scale : v;
}
