import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import pino, { type Logger } from 'pino';
import { KV_BUCKETS } from '@helios/contracts';
import { describeError, natsConnectTarget } from '@helios/nats';
import { API_PREFIX, ApiRouter } from './api-router';
import { isAuthorized } from './auth';
import { DEFAULT_LIMITS, type ConnectionLimits } from './live/live-connection';
import { LiveHub } from './live/live-hub';
import { LIVE_PATH, LiveSocketServer } from './live-socket';
import { openApiDocument } from './openapi';
import type { GatewayContext, Route } from './route';
import { ALL_ROUTES } from './routes';
import { sessionRoutes } from './session-routes';
import { LiveStrategyMetrics } from './strategies/live-strategy-metrics';

export interface GatewayOptions {
  natsUrl: string;
  token: string;
  port: number;
  host: string;
  allowedOrigins?: readonly string[];
  home: string;
  dataDir: string;
  repoRoot: string;
  monitorUrl?: string;
  /** Next's request handler; without it (tests) every page answers 404. */
  pages?: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;
  /** Next's upgrade handler (dev mode's hot reload socket). */
  pageUpgrades?: (req: IncomingMessage, socket: Duplex, head: Buffer) => Promise<void> | void;
  limits?: Partial<ConnectionLimits>;
  log?: Logger;
  now?: () => number;
  /** The node agent to ask for new processes (default: HELIOS_NODE, else the host name). */
  agentNode?: string;
  /** Extra routes (tests); the real table is routes/index.ts. */
  routes?: readonly Route[];
}

export interface Gateway {
  url: string;
  port: number;
  server: Server;
  hub: LiveHub;
  nc: NatsConnection;
  routes: readonly Route[];
  live: LiveSocketServer;
  close(): Promise<void>;
}

/** Pages anyone may load: the login page and the assets every page (the login page too) needs. */
const PUBLIC_PAGE = /^\/(login(\/.*)?|_next\/.*|favicon\.ico|robots\.txt)$/;

/**
 * The supervisor's one HTTP server: `/api/v1/*` from the route table, `/ws` live updates, every
 * other path to Next (after the token check; without it a page redirects to /login).
 */
export async function startGateway(o: GatewayOptions): Promise<Gateway> {
  const log = o.log ?? pino({ level: process.env['LOG_LEVEL'] ?? 'info', base: { service: 'supervisor' } });
  const now = o.now ?? Date.now;
  const nc = await connect({ ...natsConnectTarget(o.natsUrl), name: 'supervisor-gateway', maxReconnectAttempts: -1, reconnectTimeWait: 500 });
  let hub: LiveHub | undefined;
  try {
    const js = jetstream(nc);
    const jsm = await jetstreamManager(nc);
    const config = await new Kvm(js).open(KV_BUCKETS.config);
    hub = new LiveHub(nc, js, jsm, config, o.home, log, now);
    await hub.start();
    const strategyMetrics = new LiveStrategyMetrics(js, jsm);
    strategyMetrics.warmUp((err) => log.warn({ err: describeError(err) }, 'strategy metrics: first read of ORDER and PNL failed; the next request reads again'));
    const ctx: GatewayContext = { nc, js, jsm, config, repoRoot: o.repoRoot, dataDir: o.dataDir, log, now, live: hub, home: o.home, monitorUrl: o.monitorUrl, agentNode: o.agentNode, strategyMetrics };

    const table: Route[] = [...ALL_ROUTES, ...sessionRoutes(o.token), ...(o.routes ?? [])];
    let doc: unknown;
    table.push({
      method: 'GET',
      path: '/openapi.json',
      summary: 'This API as an OpenAPI 3.1 document',
      tag: 'system',
      public: true,
      // The table is fixed from here on: the document is built once, on the first request.
      handler: async () => ({ status: 200, json: (doc ??= openApiDocument(table, process.env['npm_package_version'] ?? '0.1.0')) }),
    });
    const router = new ApiRouter(table, o.token, ctx);
    const limits: ConnectionLimits = { ...DEFAULT_LIMITS, ...o.limits };
    if (limits.intervalMs > 100) throw new Error(`gateway: limits.intervalMs must be <= 100 (>= 10 batches/s), got ${limits.intervalMs}`);
    const liveHub = hub;
    const live = new LiveSocketServer({ token: o.token, allowedOrigins: o.allowedOrigins ?? [], limits, hub: liveHub, log, now });

    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) return void router.handle(req, res);
      if (!PUBLIC_PAGE.test(path) && !isAuthorized(req, o.token)) {
        res.writeHead(302, { location: `/login?next=${encodeURIComponent(req.url ?? '/')}`, 'cache-control': 'no-store' });
        return void res.end();
      }
      if (!o.pages) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return void res.end('no page handler (API-only gateway)');
      }
      Promise.resolve(o.pages(req, res)).catch((err: unknown) => {
        log.error({ err: describeError(err), url: req.url }, 'page failed');
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      const path = (req.url ?? '/').split('?')[0];
      if (path === LIVE_PATH) return live.handleUpgrade(req, socket, head);
      if (o.pageUpgrades) return void o.pageUpgrades(req, socket, head);
      socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => resolve());
    });
    const port = (server.address() as AddressInfo).port;
    const url = `http://${o.host.includes(':') ? `[${o.host}]` : o.host}:${port}`;
    log.info({ url, nats: o.natsUrl }, 'supervisor gateway listening');
    return {
      url,
      port,
      server,
      hub: liveHub,
      nc,
      routes: table,
      live,
      close: async () => {
        await live.close();
        server.closeAllConnections?.();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await liveHub.stop();
        await nc.drain().catch(() => undefined);
      },
    };
  } catch (err) {
    await hub?.stop();
    await nc.close().catch(() => undefined);
    throw err;
  }
}
