import type { OrdersResponse } from '../../shared/api';
import type { Route } from '../route';
import { limitParam } from '../route-inputs';

export const ordersRoutes: Route[] = [
  {
    method: 'GET',
    path: '/orders',
    summary: 'Recent orders with their lifecycle state, newest first (?limit=N, default 100, at most 500): the ORDER stream tail, then live',
    tag: 'orders',
    handler: async (req, ctx) => {
      const body: OrdersResponse = { orders: ctx.live.orders(limitParam(req.query, 100, 500)) };
      return { status: 200, json: body };
    },
  },
];
