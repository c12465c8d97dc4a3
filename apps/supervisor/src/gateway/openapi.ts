import type { Route } from './route';
import { API_PREFIX } from './api-router';

type Json = Record<string, unknown>;

/**
 * OpenAPI 3.1 from the route table: one operation per route, `:name` segments as path parameters.
 * The routes' typebox schemas are JSON Schema already and go in as they are (the answer is JSON).
 */
export function openApiDocument(routes: readonly Route[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const names: string[] = [];
    const path = API_PREFIX + r.path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_m, name: string) => (names.push(name), `{${name}}`));
    const success = String(r.successStatus ?? 200);
    const op: Json = {
      operationId: `${r.method.toLowerCase()}${r.path.replace(/[:/{}-]+(\w)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: r.summary,
      tags: [r.tag],
      responses: {
        [success]: r.response ? { description: r.summary, content: { 'application/json': { schema: r.response } } } : { description: r.summary },
        ...(r.body ? { '400': { $ref: '#/components/responses/BadRequest' } } : {}),
        ...(r.public ? {} : { '401': { $ref: '#/components/responses/Unauthorized' } }),
      },
    };
    if (names.length > 0) op['parameters'] = names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    if (r.body) op['requestBody'] = { required: true, content: { 'application/json': { schema: r.body } } };
    op['security'] = r.public ? [] : [{ bearer: [] }, { cookie: [] }];
    (paths[path] ??= {})[r.method.toLowerCase()] = op;
  }
  const error = { type: 'object', required: ['error'], properties: { error: { type: 'string' }, where: { type: 'string', description: 'The wrong field (JSON pointer) or parameter.' } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Helios supervisor API', version, description: 'Queries and commands of the Helios supervisor gateway. Live updates stream over the WebSocket /ws.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { ApiError: error },
      responses: {
        BadRequest: { description: 'Invalid input; `where` names the field.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } },
        Unauthorized: { description: 'Missing or wrong token.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } },
      },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'The token printed by tools/up (HELIOS_SUPERVISOR_TOKEN).' },
        cookie: { type: 'apiKey', in: 'cookie', name: 'helios_session', description: 'Set by POST /api/v1/login.' },
      },
    },
  };
}
