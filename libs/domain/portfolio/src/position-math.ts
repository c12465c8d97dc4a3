/** What one fill does to an average-cost position. */
export interface FillEffect {
  /** Signed position after the fill. */
  readonly qty: number;
  /** Average entry price after the fill; 0 when flat. */
  readonly avgPrice: number;
  /** Price P&L realized on the closed part (gross of fees). */
  readonly realized: number;
  /** Units of the old position the fill closed. */
  readonly closedQty: number;
  /** Units the fill opened or added in the direction of the new position. */
  readonly openedQty: number;
}

/**
 * Positions are sums of fill quantities, so 0.1 + 0.2 - 0.3 leaves 5.5e-17 instead of 0. A
 * remainder this small next to the quantities involved is rounding, not a position: treat it as
 * flat, or trades would never close.
 */
const FLAT = 1e-9;

/**
 * Average cost: adding moves the average; reducing realizes (price - average) x closed units and
 * keeps the average; a fill through zero closes the whole position and opens the rest at the fill price.
 * (`+ 0` turns a realized -0 into 0.)
 */
/**
 * The average price after adding `addQty` at `price` to `qty` at `avg`. The first fill, or a fill at the
 * average, leaves the price exactly as it is: (q x p) / q is not always p in binary floating point.
 */
export function addToAverage(avg: number, qty: number, addQty: number, price: number): number {
  if (qty === 0 || price === avg) return price;
  return (qty * avg + addQty * price) / (qty + addQty);
}

export function fillEffect(qty: number, avgPrice: number, signedQty: number, price: number): FillEffect {
  const size = Math.abs(qty);
  const fillSize = Math.abs(signedQty);
  if (qty === 0 || Math.sign(qty) === Math.sign(signedQty)) {
    return { qty: qty + signedQty, avgPrice: addToAverage(avgPrice, size, fillSize, price), realized: 0, closedQty: 0, openedQty: fillSize };
  }
  const direction = Math.sign(qty);
  const excess = fillSize - size;
  if (Math.abs(excess) <= FLAT * Math.max(size, fillSize)) {
    return { qty: 0, avgPrice: 0, realized: (price - avgPrice) * size * direction + 0, closedQty: size, openedQty: 0 };
  }
  if (excess < 0) {
    return { qty: qty + signedQty, avgPrice, realized: (price - avgPrice) * fillSize * direction + 0, closedQty: fillSize, openedQty: 0 };
  }
  return { qty: -direction * excess, avgPrice: price, realized: (price - avgPrice) * size * direction + 0, closedQty: size, openedQty: excess };
}
