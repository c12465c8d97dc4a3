import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as NestPinoLogger, LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';

/** What the HTTP face of a service shows. */
export interface HealthSource {
  health(): { ok: boolean; body: Record<string, unknown> };
  metricsText(): Promise<string>;
  readonly metricsContentType: string;
}

export interface ServiceHttp {
  readonly app: INestApplication;
  readonly port: number;
  close(): Promise<void>;
}

/** The root module of a service's Nest application; everything it holds is given by `forService`. */
export class ServiceHttpModule {}

/**
 * Starts the Nest application of a service: `/healthz` (200 when connected and consuming, 503
 * otherwise, JSON) and `/metrics` (Prometheus text), logging through pino. The routes are plain
 * handlers on the HTTP adapter, so the shell needs no decorators and runs under tsx/esbuild, which
 * cannot emit decorator metadata.
 */
export async function startServiceHttp(source: HealthSource, opts: { port: number; host: string; logger: Logger }): Promise<ServiceHttp> {
  const app = await NestFactory.create(
    {
      module: ServiceHttpModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: opts.logger, autoLogging: false, quietReqLogger: true } })],
    },
    { bufferLogs: true, abortOnError: false },
  );
  app.useLogger(app.get(NestPinoLogger));
  const http = app.getHttpAdapter();
  http.get('/healthz', (_req: unknown, res: unknown) => {
    const { ok, body } = source.health();
    http.reply(res, body, ok ? 200 : 503);
  });
  http.get('/metrics', (_req: unknown, res: unknown) => {
    source.metricsText().then(
      (text) => {
        http.setHeader(res, 'Content-Type', source.metricsContentType);
        http.reply(res, text, 200);
      },
      (err: unknown) => http.reply(res, { error: String(err) }, 500),
    );
  });
  try {
    await app.listen(opts.port, opts.host);
  } catch (err) {
    await app.close().catch(() => undefined);
    throw new Error(`could not listen on http://${opts.host}:${opts.port}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const port = (app.getHttpServer().address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return { app, port, close: () => (closing ??= app.close()) };
}
