import { Type } from 'typebox';
import { schemaIssues, SERVICE_CONFIG_SCHEMAS } from '@helios/contracts';
import type { ConfigSchemas, ServiceConfig } from '../../shared/api';
import { commandReply } from '../commands';
import { ApiFailure, type GatewayContext, type Route } from '../route';
import { readJsonKey, tokenParam } from '../route-inputs';

/** The service's schema (libs/contracts/src/config): a service without one has nothing to configure here. */
function schemaOf(service: string): Parameters<typeof schemaIssues>[0] {
  const schema = SERVICE_CONFIG_SCHEMAS[service];
  if (schema === undefined) {
    throw new ApiFailure(404, `${service} has no configuration schema (configurable: ${Object.keys(SERVICE_CONFIG_SCHEMAS).sort().join(', ')})`, 'service');
  }
  return schema;
}

async function readConfig(ctx: GatewayContext, service: string): Promise<Record<string, unknown>> {
  return (await readJsonKey<Record<string, unknown>>(ctx, `service.${service}`))?.value ?? {};
}

export const configRoutes: Route[] = [
  {
    method: 'GET',
    path: '/config/schemas',
    summary: "JSON Schema of each service's configuration, by service name",
    tag: 'config',
    handler: async () => {
      // typebox schemas are JSON Schema already: the answer is their JSON.
      const out = SERVICE_CONFIG_SCHEMAS as ConfigSchemas;
      return { status: 200, json: out };
    },
  },
  {
    method: 'GET',
    path: '/config/:service',
    summary: "A service's configuration (KV service.<name>) and its JSON Schema",
    tag: 'config',
    handler: async (req, ctx) => {
      const service = tokenParam(req.params, 'service');
      const body: ServiceConfig = { service, config: await readConfig(ctx, service), schema: schemaOf(service) as Record<string, unknown> };
      return { status: 200, json: body };
    },
  },
  {
    method: 'PUT',
    path: '/config/:service',
    summary: "Replace a service's configuration: validated, stored in KV service.<name>, and sent to its running instances as reconfigure",
    tag: 'config',
    body: Type.Object({}, { additionalProperties: true }),
    handler: async (req, ctx) => {
      const service = tokenParam(req.params, 'service');
      const config = req.body as Record<string, unknown>;
      const schema = schemaOf(service);
      if (service === 'strategy-runner') {
        // A runner's configuration is built from the strategy definitions; replacing it here would swap every runner's strategies.
        throw new ApiFailure(409, 'strategy-runner is configured per strategy: POST /api/v1/strategies (KV strategy.<id>)', 'service');
      }
      const issues = schemaIssues(schema, config);
      if (issues.length > 0) throw new ApiFailure(400, `invalid ${service} config: ${issues.map((i) => i.message).join('; ')}`, issues[0].path || '/');
      // The running instance checks it too (and may refuse): ask it first, store only what it took.
      // No answer means no instance runs: the stored config applies at its next start.
      const reply = await commandReply(ctx, { service, command: 'reconfigure', config }, 3_000);
      if (reply !== undefined && reply['ok'] !== true) throw new ApiFailure(400, `${service} refused the config: ${typeof reply['error'] === 'string' ? reply['error'] : 'no reason given'}`, '/');
      const revision = await ctx.config.put(`service.${service}`, JSON.stringify(config));
      return { status: 200, json: { service, revision, applied: reply === undefined ? 'stored; no instance running (applied at its next start)' : 'applied' } };
    },
  },
];
