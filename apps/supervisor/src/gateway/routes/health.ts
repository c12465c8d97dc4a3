import { Type } from 'typebox';
import type { Route } from '../route';

export const healthRoutes: Route[] = [
  {
    method: 'GET',
    path: '/healthz',
    summary: 'Liveness of the gateway and its NATS connection (no token needed)',
    tag: 'system',
    public: true,
    response: Type.Object({ ok: Type.Boolean(), nats: Type.String() }),
    handler: async (_req, ctx) => {
      const closed = ctx.nc.isClosed();
      return { status: closed ? 503 : 200, json: { ok: !closed, nats: closed ? 'closed' : 'connected' } };
    },
  },
];
