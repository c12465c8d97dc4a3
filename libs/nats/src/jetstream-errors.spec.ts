import {
  ClosedConnectionError,
  InvalidArgumentError,
  NoRespondersError,
  PermissionViolationError,
  RequestError,
  TimeoutError,
} from '@nats-io/nats-core';
import { JetStreamApiError } from '@nats-io/jetstream';
import { jserrors } from '@nats-io/jetstream/internal';
import { isRetryablePublishError, isTransientJetStreamError, NoStreamForSubjectError } from './jetstream-errors';
import { PublishError } from './publisher';
import { RetryDeadlineError } from './retry';

// The errors below are the client library's own classes, built the way the library builds them.
const apiError = (err_code: number, code: number, description: string) => new JetStreamApiError({ err_code, code, description });
const noResponders = () => new RequestError('no responders', { cause: new NoRespondersError('md.x') });
const notEnabled = () => new jserrors.JetStreamNotEnabled('jetstream is not enabled', { cause: noResponders() });

describe('isRetryablePublishError', () => {
  it.each([
    ['a PubAck timeout', new TimeoutError()],
    ['no responders while a stream leader is elected (JetStreamNotEnabled)', notEnabled()],
    ['a bare no-responders RequestError', noResponders()],
    ['a request cut by a dropped connection', new RequestError('connection disconnected')],
    ['JetStream system temporarily unavailable (10008)', apiError(10008, 503, 'JetStream system temporarily unavailable')],
    ['not the cluster leader (10009)', apiError(10009, 500, 'JetStream cluster can not handle request')],
    ['stream is offline (10118)', apiError(10118, 500, 'stream is offline')],
  ])('retries %s', (_what, err) => {
    expect(isRetryablePublishError(err)).toBe(true);
  });

  it.each([
    ['no stream for the subject', new NoStreamForSubjectError('unrouted.x')],
    ['a body over the stream max_msg_size (10054)', apiError(10054, 400, 'message size exceeds maximum allowed')],
    ['a body over the server max_payload', InvalidArgumentError.format('payload', 'max_payload size exceeded')],
    ['a failed expectation (10071)', apiError(10071, 400, 'wrong last sequence: 3')],
    ['stream not found (10059)', apiError(10059, 404, 'stream not found')],
    ['a closed connection', new ClosedConnectionError()],
    ['a permission violation', new PermissionViolationError('denied', 'publish', 'md.x')],
    ['a plain Error', new Error('boom')],
    ['a non-error value', 'timeout'],
  ])('does not retry %s', (_what, err) => {
    expect(isRetryablePublishError(err)).toBe(false);
  });

  it('judges a PublishError by what it gave up on', () => {
    const gaveUpOnTimeouts = new PublishError('md.x', 'id-1', new RetryDeadlineError('publish', 12, 30_000, new TimeoutError()));
    const refused = new PublishError('unrouted.x', 'id-2', new NoStreamForSubjectError('unrouted.x'));
    expect(isRetryablePublishError(gaveUpOnTimeouts)).toBe(true);
    expect(isRetryablePublishError(refused)).toBe(false);
  });
});

describe('isTransientJetStreamError', () => {
  it('treats JetStream API errors by code, not by message', () => {
    expect(isTransientJetStreamError(apiError(10008, 503, 'anything'))).toBe(true);
    expect(isTransientJetStreamError(apiError(10058, 400, 'JetStream system temporarily unavailable'))).toBe(false);
  });

  it('names the subject in the no-stream error', () => {
    expect(new NoStreamForSubjectError('unrouted.nothing').message).toContain('"unrouted.nothing"');
  });
});
