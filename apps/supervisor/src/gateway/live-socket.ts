import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Type } from 'typebox';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { schemaIssues } from '@helios/contracts';
import type { Logger } from 'pino';
import { MAX_CLIENT_MESSAGE_BYTES, type LiveHello, type LiveTopic, type ServerMessage } from '../shared/live';
import { isAuthorized, originAllowed } from './auth';
import { LiveConnection, type ConnectionLimits } from './live/live-connection';
import type { LiveHub } from './live/live-hub';

export const LIVE_PATH = '/ws';
const TOKEN = '[A-Za-z0-9_-]{1,64}';

const SubscribeSchema = Type.Object(
  {
    type: Type.Literal('subscribe'),
    topics: Type.Array(
      Type.String({ pattern: `^(heartbeats|flows|pnl|orders|halt|candles:${TOKEN}|logs:${TOKEN})$` }),
      { maxItems: 64, uniqueItems: true },
    ),
  },
  { additionalProperties: false },
);

export interface LiveSocketOptions {
  token: string;
  allowedOrigins: readonly string[];
  limits: ConnectionLimits;
  hub: LiveHub;
  log: Logger;
  now: () => number;
}

/**
 * `/ws`: checks the Origin (a browser sends the session cookie on an upgrade from any site, so the
 * origin is what stops another page from reading the live feed) and the token, then streams batches.
 * A client frame above MAX_CLIENT_MESSAGE_BYTES closes the socket with 1009 (ws's maxPayload).
 */
export class LiveSocketServer {
  private readonly wss: WebSocketServer;
  private readonly open = new Set<WebSocket>();

  constructor(private readonly o: LiveSocketOptions) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES, perMessageDeflate: false });
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!originAllowed(req, this.o.allowedOrigins)) {
      this.o.log.warn({ origin: req.headers.origin }, 'live socket refused: origin not allowed');
      return refuse(socket, 403, 'Forbidden', `origin ${req.headers.origin ?? ''} is not allowed`);
    }
    if (!isAuthorized(req, this.o.token)) return refuse(socket, 401, 'Unauthorized', 'missing or wrong token');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, this.o.hub));
  }

  private accept(ws: WebSocket, hub: LiveHub): void {
    this.open.add(ws);
    const conn = new LiveConnection(ws, this.o.limits, this.o.now);
    hub.attach(conn);
    const send = (m: ServerMessage) => ws.send(JSON.stringify(m));
    const hello: LiveHello = { type: 'hello', at: this.o.now(), intervalMs: this.o.limits.intervalMs };
    send(hello);
    conn.start();
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const text = isBinary ? undefined : rawText(data);
      let msg: unknown;
      try {
        msg = text === undefined ? undefined : JSON.parse(text);
      } catch (err) {
        return send({ type: 'error', message: `not JSON: ${(err as Error).message}` });
      }
      if (msg === undefined) return send({ type: 'error', message: 'expected a JSON text frame' });
      const issues = schemaIssues(SubscribeSchema, msg);
      if (issues.length > 0) {
        return send({ type: 'error', message: `expected {"type":"subscribe","topics":[...]}: ${issues.map((i) => i.message).join('; ')}` });
      }
      const snapshot = hub.subscribe(conn, (msg as { topics: LiveTopic[] }).topics);
      conn.sendNow(snapshot);
    });
    const done = () => {
      conn.close();
      hub.detach(conn);
      this.open.delete(ws);
    };
    ws.on('close', done);
    ws.on('error', (err) => {
      this.o.log.debug({ err: err.message }, 'live socket error');
      done();
    });
  }

  async close(): Promise<void> {
    for (const ws of this.open) ws.close(1001, 'server shutting down');
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function refuse(socket: Duplex, status: number, text: string, body: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}
