import { Type, type Static } from 'typebox';
import { MAX_EPOCH_MS, TOKEN_PATTERN } from './primitives';

/**
 * The envelope every message body carries. `payload` is validated separately against the schema of
 * `type` at version `v`, so one envelope validator serves every event type.
 */
export const EnvelopeSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$', description: 'Deterministic id; also the Nats-Msg-Id.' }),
    type: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)*$' }),
    v: Type.Integer({ minimum: 1, description: 'Schema version of the payload.' }),
    ts: Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS, description: 'Event time, ms since epoch.' }),
    src: Type.String({ minLength: 1, maxLength: 128, description: 'Publishing service.' }),
    run: Type.String({ minLength: 1, maxLength: 128, pattern: TOKEN_PATTERN, description: '`live`, `paper` or a run id.' }),
    corr: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Correlation id shared by a causal chain.' })),
    cause: Type.Optional(Type.String({ minLength: 1, maxLength: 128, description: 'Id of the event this one was derived from.' })),
    payload: Type.Unknown(),
  },
  { additionalProperties: false, $id: 'Envelope', title: 'Helios event envelope' },
);

export type EnvelopeBase = Static<typeof EnvelopeSchema>;

/** An envelope whose payload has been validated as `P`. */
export interface Envelope<P = unknown, T extends string = string> {
  id: string;
  type: T;
  v: number;
  ts: number;
  src: string;
  run: string;
  corr?: string;
  cause?: string;
  payload: P;
}

/** Everything of an envelope except type, version and payload: what a publisher supplies. */
export interface EventMeta {
  id: string;
  ts: number;
  src: string;
  run: string;
  corr?: string;
  cause?: string;
}

export const RUN_LIVE = 'live';
export const RUN_PAPER = 'paper';
