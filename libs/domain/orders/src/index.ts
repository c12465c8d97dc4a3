export {
  createOrdersDecider,
  ORDERS_INPUT_TYPES,
  type OrdersDecider,
  type OrdersInput,
  type OrdersInputType,
  type OrdersOutput,
} from './orders-decider';
export {
  resolveOrdersConfig,
  lotFor,
  initialCapitalOf,
  OrdersConfigSchema,
  OrdersConfigError,
  DEFAULT_ACCOUNT,
  DEFAULT_LOT_SIZE,
  DEFAULT_ORDERS_SRC,
  type OrdersConfig,
  type OrdersConfigInput,
} from './orders-config';
export {
  initialOrdersState,
  isTerminal,
  type OrdersState,
  type OrderRecord,
  type OrderStatus,
  type OrderSide,
  type PositionSlot,
  type StrategyBook,
  type Anomaly,
  type AnomalyKind,
} from './orders-state';
export { makeLot, floorToLot, type Lot } from './lot';
export { sizeTarget, type OrderSpec, type Sizing } from './sizing';
export { strategyEquity, isFlat } from './strategy-book';
export { workingOrders, strategyPosition } from './order-queries';
export {
  ordersToSnapshot,
  ordersFromSnapshot,
  ordersSnapshotHooks,
  ORDERS_SNAPSHOT_VERSION,
  type OrdersSnapshot,
  type OrderRecordSnapshot,
  type StrategyBookSnapshot,
  type PositionSlotSnapshot,
  type AnomalySnapshot,
} from './snapshot';
