import { Type } from 'typebox';
import type { ServiceRow } from '../../shared/api';
import type { GatewayContext, Route } from '../route';

/** A node is red after this long without a heartbeat (the 3 s). */
export const STALE_AFTER_MS = 3_000;

export function serviceRows(ctx: GatewayContext): ServiceRow[] {
  const now = ctx.now();
  return ctx.live.beats().map((b) => ({ ...b, stale: now - b.receivedAt > STALE_AFTER_MS }));
}

export const servicesRoutes: Route[] = [
  {
    method: 'GET',
    path: '/services',
    summary: 'Latest heartbeat of every service instance, with a stale flag (no heartbeat for 3 s)',
    tag: 'services',
    response: Type.Array(Type.Object({ service: Type.String(), instance: Type.String(), receivedAt: Type.Number(), stale: Type.Boolean(), heartbeat: Type.Object({}, { additionalProperties: true }) })),
    handler: async (_req, ctx) => ({ status: 200, json: serviceRows(ctx) }),
  },
];
