/**
 * Quantities on a venue are whole multiples of a lot size. Working in integer lot counts keeps
 * order bookkeeping exact; only the edges (sizing from an amount, reporting a quantity) meet binary
 * floating point, and those are handled here once.
 */
export interface LotGrid {
  readonly size: number;
  /** Lots per unit when that is a whole number (lot 0.1 -> 10), else 0. */
  readonly perUnit: number;
}

/**
 * Relative distance under which a quotient counts as the whole number next to it. `amount / size`
 * can land a hair below an exact multiple (0.3 / 0.1 = 2.9999999999999996; 1000 / 100 / 0.1 must be
 * 100, not 99): snapping costs at most a billionth of a lot, far below any venue's price or fee step.
 */
const SNAP = 1e-9;

export function lotGrid(size: number): LotGrid {
  const inverse = 1 / size;
  const whole = Math.round(inverse);
  const perUnit = whole >= 1 && Math.abs(inverse - whole) <= SNAP * whole ? whole : 0;
  return { size, perUnit };
}

/** Whole lots contained in `amount` units (rounded down, exact multiples kept), never negative. */
export function lotsIn(grid: LotGrid, amount: number): number {
  if (!(amount > 0)) return 0;
  const ratio = amount / grid.size;
  const nearest = Math.round(ratio);
  if (Math.abs(ratio - nearest) <= SNAP * Math.max(1, nearest)) return nearest;
  return Math.floor(ratio);
}

/**
 * Units in `lots` lots. Dividing by a whole lots-per-unit gives the correctly rounded decimal
 * (3 / 10 === 0.3) where multiplying would not (3 * 0.1 === 0.30000000000000004).
 */
export function lotsToQty(grid: LotGrid, lots: number): number {
  return grid.perUnit > 0 ? lots / grid.perUnit : lots * grid.size;
}
