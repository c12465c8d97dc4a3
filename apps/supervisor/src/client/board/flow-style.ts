// How an edge looks at a given message rate: thicker and faster as the rate grows, on a log scale so
// that 1 msg/s and 10,000 msg/s are both readable, clamped at both ends.

/** The rate at which an edge is drawn at full width and speed. */
export const FULL_RATE_PER_SEC = 1000;
export const MIN_WIDTH = 1.5;
export const MAX_WIDTH = 6;
/** Seconds per dash cycle at the lowest and highest rate. */
export const SLOWEST_SEC = 2.4;
export const FASTEST_SEC = 0.35;

/** 0 at no traffic, 1 at FULL_RATE_PER_SEC and above. */
export function rateLevel(perSec: number): number {
  if (!Number.isFinite(perSec) || perSec <= 0) return 0;
  return Math.min(1, Math.log10(1 + perSec) / Math.log10(1 + FULL_RATE_PER_SEC));
}

export function edgeWidth(perSec: number): number {
  return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * rateLevel(perSec);
}

export function edgeDurationSec(perSec: number): number {
  return SLOWEST_SEC - (SLOWEST_SEC - FASTEST_SEC) * rateLevel(perSec);
}

export function formatRate(perSec: number): string {
  if (perSec >= 1000) return `${(perSec / 1000).toFixed(1)}k/s`;
  if (perSec >= 10) return `${Math.round(perSec)}/s`;
  return `${perSec.toFixed(perSec === 0 ? 0 : 2)}/s`;
}
