import { fillEffect } from './position-math';

describe('average-cost position math', () => {
  it('averages additions and realizes nothing', () => {
    expect(fillEffect(10, 100, 10, 110)).toEqual({ qty: 20, avgPrice: 105, realized: 0, closedQty: 0, openedQty: 10 });
    expect(fillEffect(-2, 50, -2, 40)).toEqual({ qty: -4, avgPrice: 45, realized: 0, closedQty: 0, openedQty: 2 });
  });

  it('realizes (price - average) on the closed units and keeps the average', () => {
    expect(fillEffect(10, 100, -4, 120)).toEqual({ qty: 6, avgPrice: 100, realized: 80, closedQty: 4, openedQty: 0 });
    expect(fillEffect(-5, 110, 2, 100)).toEqual({ qty: -3, avgPrice: 110, realized: 20, closedQty: 2, openedQty: 0 });
  });

  it('closes the whole position and opens the rest at the fill price when a fill goes through zero', () => {
    expect(fillEffect(10, 100, -15, 110)).toEqual({ qty: -5, avgPrice: 110, realized: 100, closedQty: 10, openedQty: 5 });
  });

  it('treats a floating-point remainder as flat', () => {
    const held = 0.1 + 0.2;
    expect(held).toBe(0.30000000000000004);
    expect(fillEffect(held, 100, -0.3, 100)).toEqual({ qty: 0, avgPrice: 0, realized: 0, closedQty: held, openedQty: 0 });
  });
});
