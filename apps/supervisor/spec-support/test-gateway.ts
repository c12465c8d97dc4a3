// A real nats-server with the Helios topology and a gateway in front of it (no Next pages), for the
// gateway's integration specs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import WebSocket from 'ws';
import { startNatsServer } from '@helios/testing';
import { openFixture, type Fixture } from '@helios/testing-services';
import type { ServerMessage } from '../src/shared/live';
import { startGateway, type Gateway, type GatewayOptions } from '../src/gateway/gateway';

export const TEST_TOKEN = 'test-token-0123456789abcdef';

export interface TestGateway {
  fx: Fixture;
  gw: Gateway;
  home: string;
  /** fetch against the gateway with the token (unless `auth: false`). */
  api(path: string, init?: RequestInit & { auth?: boolean }): Promise<Response>;
  stop(): Promise<void>;
}

/** A gateway's options for the tests: loopback, any free port, the test token, `home` as its home. */
export function testGatewayOptions(natsUrl: string, home: string, extra: Partial<GatewayOptions> = {}): GatewayOptions {
  return {
    natsUrl,
    token: TEST_TOKEN,
    port: 0,
    host: '127.0.0.1',
    home,
    dataDir: join(home, 'data'),
    repoRoot: join(__dirname, '..', '..', '..'),
    log: pino({ level: 'silent' }),
    ...extra,
  };
}

export async function startTestGateway(extra: Partial<GatewayOptions> = {}): Promise<TestGateway> {
  const fx = await openFixture(await startNatsServer({ name: 'supervisor' }));
  const home = mkdtempSync(join(tmpdir(), 'helios-supervisor-'));
  let gw: Gateway;
  try {
    gw = await startGateway(testGatewayOptions(fx.url, home, extra));
  } catch (err) {
    await fx.stop();
    throw err;
  }
  return {
    fx,
    gw,
    home,
    api: (path, init = {}) => {
      const { auth = true, headers, ...rest } = init;
      const h = new Headers(headers);
      if (auth) h.set('authorization', `Bearer ${TEST_TOKEN}`);
      if (rest.body !== undefined && !h.has('content-type')) h.set('content-type', 'application/json');
      return fetch(`${gw.url}${path}`, { ...rest, headers: h });
    },
    stop: async () => {
      await gw.close();
      await fx.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A WebSocket client that records every server message and how the socket closed. */
export class LiveClient {
  readonly messages: ServerMessage[] = [];
  closed: { code: number; reason: string } | undefined;
  readonly ws: WebSocket;
  readonly opened: Promise<void>;

  constructor(url: string, opts: { token?: string; cookie?: string; origin?: string } = {}) {
    const headers: Record<string, string> = {};
    if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
    if (opts.cookie) headers['cookie'] = opts.cookie;
    this.ws = new WebSocket(url.replace(/^http/, 'ws') + '/ws', { headers, origin: opts.origin });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
      this.ws.once('error', reject);
    });
    this.ws.on('message', (data) => this.messages.push(JSON.parse(String(data)) as ServerMessage));
    this.ws.on('close', (code, reason) => (this.closed = { code, reason: String(reason) }));
  }

  send(value: unknown): void {
    this.ws.send(typeof value === 'string' ? value : JSON.stringify(value));
  }

  batches() {
    return this.messages.filter((m) => m.type === 'batch');
  }

  close(): void {
    this.ws.close();
  }
}
