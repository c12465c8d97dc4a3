export * from './exchange-config';
export * from './exchange-decider';
export { workingOrders, emptyExchangeState, type ExchangeInput, type ExchangeOutput, type ExchangeState, type InstrumentBook, type WorkingOrderView } from './exchange-state';
export { lotGrid, lotsIn, lotsToQty, type LotGrid } from './lot-grid';
export type { WorkingOrder, TimeInForce } from './working-order';
