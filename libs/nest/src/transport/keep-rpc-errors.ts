import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest replaces an error thrown by an event handler with `{ status: 'error', message: 'Internal
 * server error' }`. Installed as a global filter (`app.useGlobalFilters(new KeepRpcErrors())`), this
 * passes the original error on, so the transport's nak, and finally the poison dead letter, carry
 * the real message.
 */
export class KeepRpcErrors implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
// Applied as a call rather than with `@`: the shell's code runs under esbuild (tsx) without decorator support.
Catch()(KeepRpcErrors);
