/**
 * Which JetStream failures are transient. Errors are recognised by `name` and API error code rather
 * than `instanceof`, so that a second copy of the client library in node_modules cannot break it.
 */

/** JetStream API error codes (server errors.json) that mean "the cluster is healing, ask again". */
export const TRANSIENT_API_ERROR_CODES: ReadonlySet<number> = new Set([
  10004, // incomplete results
  10008, // JetStream system temporarily unavailable
  10009, // JetStream cluster can not handle request (not leader)
  10039, // JetStream not enabled for account (seen while a leader is elected)
  10076, // JetStream not enabled
  10118, // stream is offline
  10119, // consumer is offline
]);

/** `no suitable peers for placement`: an R3 stream created right after a cluster starts. */
export const NO_PEERS_API_ERROR_CODE = 10005;

function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

/** The server's JetStream error code (`err_code`) of a JetStreamApiError, if it is one. */
export function apiErrorCode(err: unknown): number | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'number' ? code : undefined;
}

function isNoResponders(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err.name === 'NoRespondersError') return true;
  const probe = (err as { isNoResponders?: () => boolean }).isNoResponders;
  return typeof probe === 'function' && probe.call(err) === true;
}

/**
 * A request that may succeed if repeated: a timeout, nobody answering (a stream or meta leader
 * being elected: the client reports that as `JetStreamNotEnabled`), a dropped connection, or a
 * transient cluster error code.
 */
export function isTransientJetStreamError(err: unknown): boolean {
  const name = errorName(err);
  if (name === undefined) return false;
  if (name === 'TimeoutError' || name === 'JetStreamNotEnabled' || name === 'NoRespondersError') return true;
  if (name === 'RequestError') {
    // `connection disconnected` rejects requests in flight when the socket drops; the client reconnects.
    return isNoResponders(err) || /disconnect/i.test((err as Error).message);
  }
  const code = apiErrorCode(err);
  if (name.endsWith('ApiError') || name === 'StreamNotFoundError' || name === 'ConsumerNotFoundError') {
    return code !== undefined && TRANSIENT_API_ERROR_CODES.has(code);
  }
  return false;
}

/**
 * True for publish failures worth retrying with the same `Nats-Msg-Id`: timeouts and failover errors.
 * False for errors that will not go away (no stream for the subject, message too large, closed
 * connection, invalid subject, permission denied, a failed expectation). A Publisher's own
 * PublishError is judged by its underlying cause: true when it gave up at the deadline on a
 * transient failure (publishing again later, with the same id, is safe).
 */
export function isRetryablePublishError(err: unknown): boolean {
  if (err instanceof NoStreamForSubjectError) return false;
  if (err instanceof Error && (err.name === 'PublishError' || err.name === 'RetryDeadlineError') && err.cause !== undefined) {
    return isRetryablePublishError(err.cause);
  }
  return isTransientJetStreamError(err);
}

/** The subject of a publish is not captured by any stream: retrying cannot help. */
export class NoStreamForSubjectError extends Error {
  constructor(readonly subject: string, options?: ErrorOptions) {
    super(`publish to "${subject}": no JetStream stream captures this subject (check the topology)`, options);
    this.name = 'NoStreamForSubjectError';
  }
}
