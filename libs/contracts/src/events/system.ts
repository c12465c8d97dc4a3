import { Type, type Static } from 'typebox';
import { Count, EpochMs, Finite, Id, JsonObject, NamedNumbers, NonNegative, payloadOptions, requiredOnlyWhen, requiredWhen, Text } from '../primitives';

export const HEARTBEAT_STATUSES = ['healthy', 'warning', 'error', 'stopped', 'paused'] as const;

export const HeartbeatSchema = Type.Object(
  {
    service: Id(),
    instance: Id(),
    status: Type.Enum([...HEARTBEAT_STATUSES]),
    lagMsgs: Count('Messages pending on the service consumers.'),
    msgsInPerSec: NonNegative(),
    msgsOutPerSec: NonNegative(),
    latencyMsP50: Type.Optional(NonNegative()),
    latencyMsP99: Type.Optional(NonNegative()),
    pnl: Type.Optional(Finite('P&L the service is responsible for, when it has one.')),
    startedAt: EpochMs(),
    node: Type.Optional(Id('The node (laptop) whose process sends it: HELIOS_NODE, else the host name; whose node agent to ask to start it again.')),
    details: Type.Optional(JsonObject('Service-specific status, shown as-is by the supervisor.')),
  },
  payloadOptions('system.heartbeat', 1, 'Periodic liveness and load report of one service instance.'),
);
export type HeartbeatPayload = Static<typeof HeartbeatSchema>;

export const SYSTEM_COMMANDS = ['stop', 'pause', 'resume', 'reconfigure'] as const;

export const SystemCmdSchema = Type.Object(
  {
    service: Id('Target service.'),
    instance: Type.Optional(Id('Target instance; absent for every instance of the service.')),
    command: Type.Enum([...SYSTEM_COMMANDS]),
    config: Type.Optional(JsonObject('New configuration; exactly on `reconfigure`.')),
  },
  payloadOptions('system.cmd', 1, 'An operator command to a service.', requiredOnlyWhen('command', 'reconfigure', 'config')),
);
export type SystemCmdPayload = Static<typeof SystemCmdSchema>;

export const DLQ_REASONS = [
  'malformed-json',
  'invalid-envelope',
  'unknown-type',
  'unsupported-version',
  'invalid-payload',
  'oversized',
  'poison',
  'handler-error',
] as const;
export type DlqReason = (typeof DLQ_REASONS)[number];

/** Characters of the original message kept in a dead letter: enough to debug, small enough to store. */
export const DLQ_RAW_LIMIT = 16_384;
export const DLQ_MAX_ERRORS = 100;

export const DlqErrorSchema = Type.Object(
  { path: Type.String({ maxLength: 1024 }), rule: Type.String({ minLength: 1, maxLength: 64 }), message: Text(2048) },
  { additionalProperties: false },
);

export const DeadLetterSchema = Type.Object(
  {
    service: Id('Service that gave up on the message.'),
    reason: Type.Enum([...DLQ_REASONS]),
    message: Text(4096),
    errors: Type.Array(DlqErrorSchema, { maxItems: DLQ_MAX_ERRORS }),
    originalSubject: Text(1024),
    originalSeq: Type.Optional(Type.Integer({ minimum: 1, description: 'Stream sequence of the original message.' })),
    deliveryCount: Type.Optional(Type.Integer({ minimum: 1 })),
    raw: Type.String({ maxLength: DLQ_RAW_LIMIT, description: 'The original bytes as text, cut at the limit.' }),
    rawTruncated: Type.Boolean(),
  },
  payloadOptions('system.dlq', 1, 'A message a service could not process, kept for inspection and replay.'),
);
export type DeadLetterPayload = Static<typeof DeadLetterSchema>;

export const RUN_KINDS = ['backtest', 'sweep', 'replay', 'walk-forward', 'simulation'] as const;
export const RUN_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;

export const RunLifecycleSchema = Type.Object(
  {
    runId: Id(),
    kind: Type.Enum([...RUN_KINDS]),
    status: Type.Enum([...RUN_STATUSES]),
    params: Type.Optional(JsonObject('Run parameters as submitted.')),
    metrics: Type.Optional(NamedNumbers()),
    error: Type.Optional(Text(4096)),
    artifact: Type.Optional(Text(512, 'Object name in the helios-artifacts store.')),
  },
  payloadOptions('run.lifecycle', 1, 'A state change of a backtest, sweep, replay or simulation run.', requiredWhen('status', 'failed', 'error')),
);
export type RunLifecyclePayload = Static<typeof RunLifecycleSchema>;
