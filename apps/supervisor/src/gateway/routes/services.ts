import { Type } from 'typebox';
import type { CommandAccepted, ServiceRow } from '../../shared/api';
import { sendCommand } from '../commands';
import { ApiFailure, type GatewayContext, type Route } from '../route';
import { tokenParam } from '../route-inputs';

/** A node is red after this long without a heartbeat (the 3 s). */
export const STALE_AFTER_MS = 3_000;

export function serviceRows(ctx: GatewayContext): ServiceRow[] {
  const now = ctx.now();
  return ctx.live.beats().map((b) => ({ ...b, stale: now - b.receivedAt > STALE_AFTER_MS }));
}

/**
 * One route per process-level command of the service shell (ADR 0007): `stop` drains and exits 0 (the
 * node agent does not restart it), `pause`/`resume` stop and restart consuming without leaving. Only
 * the named instance is addressed (`_all` is not a subject token, so it is refused: the board acts on
 * one node at a time).
 */
function commandRoute(command: 'stop' | 'pause' | 'resume', summary: string): Route {
  return {
    method: 'POST',
    path: `/services/:service/:instance/${command}`,
    summary,
    tag: 'services',
    successStatus: 202,
    response: Type.Object({ accepted: Type.Literal(true), command: Type.String(), target: Type.String() }),
    handler: async (req, ctx) => {
      const service = tokenParam(req.params, 'service');
      const instance = tokenParam(req.params, 'instance');
      const reply = await sendCommand(ctx, { service, instance, command });
      if (!reply.ok) throw new ApiFailure(409, `${service}/${instance} refused ${command}: ${reply.error ?? 'no reason given'}`);
      const json: CommandAccepted = { accepted: true, command, target: `${service}/${instance}` };
      return { status: 202, json };
    },
  };
}

export const servicesRoutes: Route[] = [
  {
    method: 'GET',
    path: '/services',
    summary: 'Latest heartbeat of every service instance, with a stale flag (no heartbeat for 3 s) and the node that runs it',
    tag: 'services',
    response: Type.Array(
      Type.Object({
        service: Type.String(),
        instance: Type.String(),
        receivedAt: Type.Number(),
        stale: Type.Boolean(),
        heartbeat: Type.Object({}, { additionalProperties: true }),
        runsOn: Type.Optional(Type.String({ description: "The node (laptop) whose process holds the instance's claim" })),
      }),
    ),
    handler: async (_req, ctx) => ({ status: 200, json: serviceRows(ctx) }),
  },
  commandRoute('stop', 'Stop one service instance (system.cmd stop): it drains, snapshots and exits 0; the node agent leaves it stopped'),
  commandRoute('pause', 'Pause one service instance (system.cmd pause): it stops consuming and heartbeats "paused"'),
  commandRoute('resume', 'Resume a paused service instance (system.cmd resume)'),
];
