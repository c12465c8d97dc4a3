import type { IncomingMessage, ServerResponse } from 'node:http';
import { schemaIssues } from '@helios/contracts';
import { describeError } from '@helios/nats';
import type { ApiError } from '../shared/api';
import { isAuthorized } from './auth';
import { ApiFailure, type ApiResponse, type GatewayContext, type Route } from './route';

export const API_PREFIX = '/api/v1';
/** Request bodies above this are refused (413) before parsing: strategy graphs are a few KiB. */
export const MAX_BODY_BYTES = 1024 * 1024;

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.path
    .split('/')
    .map((seg) => {
      if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(seg.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/** Answers `/api/v1/*` from the route table: token, body (JSON, checked against the route's schema), handler, JSON answer. */
export class ApiRouter {
  private readonly compiled: CompiledRoute[];

  constructor(
    routes: readonly Route[],
    private readonly token: string,
    private readonly ctx: GatewayContext,
  ) {
    const seen = new Set<string>();
    for (const r of routes) {
      const key = `${r.method} ${r.path}`;
      if (seen.has(key)) throw new Error(`gateway routes: ${key} is defined twice`);
      if (!r.summary) throw new Error(`gateway routes: ${key} has no summary`);
      seen.add(key);
    }
    this.compiled = routes.map(compile);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const answer = await this.answer(req);
      send(res, answer);
    } catch (err) {
      if (err instanceof ApiFailure) return send(res, { status: err.status, json: failure(err.message, err.where) });
      this.ctx.log.error({ err: describeError(err), url: req.url }, 'api handler failed');
      const unreachable = /TimeoutError|timeout|CONNECTION_CLOSED|closed|no responders|503/i.test(describeError(err));
      send(res, unreachable ? { status: 503, json: failure(`NATS is unreachable or did not answer: ${describeError(err)}`) } : { status: 500, json: failure(`internal error: ${describeError(err)}`) });
    }
  }

  private async answer(req: IncomingMessage): Promise<ApiResponse> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname.slice(API_PREFIX.length) || '/';
    const method = (req.method ?? 'GET').toUpperCase();
    let pathMatched = false;
    for (const c of this.compiled) {
      const m = c.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (c.route.method !== method) continue;
      if (!c.route.public && !isAuthorized(req, this.token)) throw new ApiFailure(401, 'missing or wrong token: log in at /login or send Authorization: Bearer <token>');
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => {
        try {
          params[name] = decodeURIComponent(m[i + 1]);
        } catch {
          throw new ApiFailure(400, `path parameter ${name} is not valid percent-encoding`, name);
        }
      });
      const body = method === 'GET' || method === 'DELETE' ? undefined : await readJsonBody(req);
      if (c.route.body) {
        const issues = schemaIssues(c.route.body, body);
        if (issues.length > 0) throw new ApiFailure(400, `invalid request body: ${issues.map((i) => i.message).join('; ')}`, issues[0].path || '/');
      }
      return c.route.handler({ params, query: url.searchParams, body }, this.ctx);
    }
    if (pathMatched) throw new ApiFailure(405, `${method} is not allowed on ${API_PREFIX}${path}`);
    throw new ApiFailure(404, `no API route ${method} ${API_PREFIX}${path} (see ${API_PREFIX}/openapi.json)`);
  }
}

export function failure(error: string, where?: string): ApiError {
  return where === undefined ? { error } : { error, where };
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiFailure(413, `request body is larger than ${MAX_BODY_BYTES} bytes`, 'body');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim().length === 0) return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiFailure(400, `request body is not JSON: ${(err as Error).message}`, 'body');
  }
}

function send(res: ServerResponse, answer: ApiResponse): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...answer.headers };
  if (answer.text) {
    headers['content-type'] = answer.text.contentType;
    if (answer.text.filename) headers['content-disposition'] = `attachment; filename="${answer.text.filename.replace(/[^\w.-]/g, '_')}"`;
    res.writeHead(answer.status, headers);
    res.end(answer.text.body);
    return;
  }
  if (answer.json === undefined) {
    res.writeHead(answer.status, headers);
    res.end();
    return;
  }
  headers['content-type'] = 'application/json; charset=utf-8';
  res.writeHead(answer.status, headers);
  res.end(JSON.stringify(answer.json));
}
