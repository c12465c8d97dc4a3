import { Type } from 'typebox';
import { setHalt } from '@helios/nats';
import type { HaltState } from '../../shared/live';
import type { Route } from '../route';

const HaltStateSchema = Type.Object({ halted: Type.Boolean(), reason: Type.Optional(Type.String()), since: Type.Optional(Type.Number()) });

export const haltRoutes: Route[] = [
  {
    method: 'GET',
    path: '/halt',
    summary: 'The global kill switch (KV helios-config risk.halt) as the gateway last saw it',
    tag: 'risk',
    response: HaltStateSchema,
    handler: async (_req, ctx) => ({ status: 200, json: ctx.live.halt() }),
  },
  {
    method: 'POST',
    path: '/halt',
    summary: 'Halt or resume all trading: writes risk.halt, which the risk gate and the order engine obey at once',
    tag: 'risk',
    body: Type.Object({ halted: Type.Boolean(), reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })) }, { additionalProperties: false }),
    response: HaltStateSchema,
    handler: async (req, ctx) => {
      const { halted, reason } = req.body as { halted: boolean; reason?: string };
      const why = reason ?? (halted ? 'halted from the supervisor' : 'cleared from the supervisor');
      const revision = await setHalt(ctx.nc, halted, why, 'supervisor');
      const state: HaltState = { halted, reason: why, since: ctx.now() };
      ctx.log.warn({ halted, reason: why, revision }, 'halt switch set');
      return { status: 200, json: { ...state, revision } };
    },
  },
];
