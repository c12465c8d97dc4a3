import { createOrdersDecider, ORDERS_INPUT_TYPES, OrdersConfigSchema, type OrdersConfigInput, type OrdersState } from '@helios/domain-orders';
import type { ServiceDecider, ServiceProcessSpec } from '@helios/nest';

export function orderEngineDecider(config: OrdersConfigInput): ServiceDecider<OrdersState> {
  return createOrdersDecider(config);
}

/**
 * Approved targets -> `order.new` against position + working orders, by the orders decider of
 * libs/domain/orders. The only sender of `order.new`: a single instance per account (no election:
 * its client order ids are derived from the approvals, so a restarted engine cannot send twice).
 * No snapshot hooks yet, so a start replays RISK, ORDER, MD and PNL from the beginning.
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
