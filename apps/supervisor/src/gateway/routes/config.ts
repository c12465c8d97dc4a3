import { Type } from 'typebox';
import { KV_BUCKETS, schemaIssues, SERVICE_CONFIG_SCHEMAS } from '@helios/contracts';
import type { ConfigSchemas, ServiceConfig } from '../../shared/api';
import { sendCommand } from '../commands';
import { ApiFailure, type GatewayContext, type Route } from '../route';

const SERVICE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const plain = (s: unknown) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>;

function serviceParam(params: Record<string, string>): string {
  const s = params['service'];
  if (!SERVICE.test(s)) throw new ApiFailure(400, `service must be a subject token (letters, digits, '-', '_'), got ${JSON.stringify(s)}`, 'service');
  return s;
}

/** The service's schema (libs/contracts/src/config): a service without one has nothing to configure here. */
function schemaOf(service: string): Parameters<typeof schemaIssues>[0] {
  const schema = SERVICE_CONFIG_SCHEMAS[service];
  if (schema === undefined) {
    throw new ApiFailure(404, `${service} has no configuration schema (configurable: ${Object.keys(SERVICE_CONFIG_SCHEMAS).sort().join(', ')})`, 'service');
  }
  return schema;
}

async function readConfig(ctx: GatewayContext, service: string): Promise<Record<string, unknown>> {
  const entry = await ctx.config.get(`service.${service}`);
  if (!entry || entry.operation !== 'PUT') return {};
  try {
    return JSON.parse(entry.string()) as Record<string, unknown>;
  } catch (err) {
    throw new ApiFailure(409, `KV ${KV_BUCKETS.config} key service.${service} is not JSON: ${(err as Error).message}`);
  }
}

export const configRoutes: Route[] = [
  {
    method: 'GET',
    path: '/config/schemas',
    summary: "JSON Schema of each service's configuration, by service name",
    tag: 'config',
    handler: async () => {
      const out: ConfigSchemas = Object.fromEntries(Object.entries(SERVICE_CONFIG_SCHEMAS).map(([k, v]) => [k, plain(v)]));
      return { status: 200, json: out };
    },
  },
  {
    method: 'GET',
    path: '/config/:service',
    summary: "A service's configuration (KV service.<name>) and its JSON Schema",
    tag: 'config',
    handler: async (req, ctx) => {
      const service = serviceParam(req.params);
      const body: ServiceConfig = { service, config: await readConfig(ctx, service), schema: plain(schemaOf(service)) };
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
      const service = serviceParam(req.params);
      const config = req.body as Record<string, unknown>;
      const schema = schemaOf(service);
      if (service === 'strategy-runner') {
        // A runner's configuration is built from the strategy definitions; replacing it here would swap every runner's strategies.
        throw new ApiFailure(409, 'strategy-runner is configured per strategy: POST /api/v1/strategies (KV strategy.<id>)', 'service');
      }
      const issues = schemaIssues(schema, config);
      if (issues.length > 0) throw new ApiFailure(400, `invalid ${service} config: ${issues.map((i) => i.message).join('; ')}`, issues[0].path || '/');
      // The running instance checks it too (and may refuse): ask it first, store only what it took.
      let applied: { ok: boolean; error?: string } | 'not-running';
      try {
        applied = await sendCommand(ctx, { service, command: 'reconfigure', config });
      } catch (err) {
        if (err instanceof ApiFailure && err.status === 409) applied = 'not-running';
        else throw err;
      }
      if (applied !== 'not-running' && !applied.ok) throw new ApiFailure(400, `${service} refused the config: ${applied.error ?? 'no reason given'}`, '/');
      const revision = await ctx.config.put(`service.${service}`, JSON.stringify(config));
      return { status: 200, json: { service, revision, applied: applied === 'not-running' ? 'stored; no instance running (applied at its next start)' : 'applied' } };
    },
  },
];
