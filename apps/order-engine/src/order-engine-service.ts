import { createOrdersDecider, ORDERS_INPUT_TYPES, OrdersConfigSchema, ordersSnapshotHooks, type OrdersConfigInput, type OrdersState } from '@helios/domain-orders';
import type { ServiceDecider, ServiceProcessSpec } from '@helios/nest';

export function orderEngineDecider(config: OrdersConfigInput): ServiceDecider<OrdersState> {
  return { ...createOrdersDecider(config), ...ordersSnapshotHooks };
}

/**
 * Approved targets -> `order.new` against position + working orders, by the orders decider of
 * libs/domain/orders. The only sender of `order.new`: a single instance per account (no election:
 * its client order ids are derived from the approvals, so a restarted engine cannot send twice).
 * A start loads the last snapshot and replays only the tail of RISK, ORDER, MD and PNL.
 */
export const orderEngineService: ServiceProcessSpec<OrdersState, OrdersConfigInput> = {
  name: 'order-engine',
  description: 'Order engine: risk.approved targets -> order.new per strategy (libs/domain/orders); obeys risk.halt.',
  decider: orderEngineDecider,
  inputs: ORDERS_INPUT_TYPES,
  configSchema: OrdersConfigSchema,
  // Account `paper`, lots of 1e-8; weight targets need `initialCapital` (else they send nothing).
  defaultConfig: {},
  run: 'paper',
};
