import { Type, type Static } from 'typebox';

/**
 * The envelope every message body carries. `payload` is validated separately against the schema of
 * `type` at version `v`, so one envelope validator serves every event type.
 */
export const EnvelopeSchema = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' }),
    type: Type.String({ minLength: 1, maxLength: 64, pattern: '^[a-z][a-z0-9]*(\\.[a-z][a-z0-9-]*)*$' }),
    v: Type.Integer({ minimum: 1 }),
    ts: Type.Integer({ minimum: 0 }),
    src: Type.String({ minLength: 1, maxLength: 128 }),
    run: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }),
    corr: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    cause: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    payload: Type.Unknown(),
  },
  { additionalProperties: false, $id: 'Envelope' },
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
