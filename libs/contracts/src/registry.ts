import type { TSchema } from 'typebox';
import type { Problem } from './issues';
import { IndicatorValueSchema, type IndicatorValuePayload, MlAdviceSchema, type MlAdvicePayload } from './events/analytics';
import {
  candleProblems,
  CandleV1Schema,
  CandleV2Schema,
  DepthSchema,
  gapProblems,
  GapSchema,
  TickSchema,
  upcastCandleV1,
  type CandlePayload,
  type CandleV1Payload,
  type DepthPayload,
  type GapPayload,
  type TickPayload,
} from './events/market-data';
import {
  OrderAckSchema,
  OrderCancelSchema,
  OrderFillSchema,
  OrderNewSchema,
  orderSizeProblems,
  OrderRejectSchema,
  type OrderAckPayload,
  type OrderCancelPayload,
  type OrderFillPayload,
  type OrderNewPayload,
  type OrderRejectPayload,
} from './events/orders';
import { PnlGlobalSchema, PnlUpdateSchema, type PnlGlobalPayload, type PnlUpdatePayload } from './events/pnl';
import {
  RiskApprovedSchema,
  RiskHaltSchema,
  RiskRejectedSchema,
  RiskViolationSchema,
  StrategyIntentSchema,
  targetProblems,
  type RiskApprovedPayload,
  type RiskHaltPayload,
  type RiskRejectedPayload,
  type RiskViolationPayload,
  type StrategyIntentPayload,
} from './events/strategy-risk';
import {
  DeadLetterSchema,
  HeartbeatSchema,
  RunLifecycleSchema,
  SystemCmdSchema,
  type DeadLetterPayload,
  type HeartbeatPayload,
  type RunLifecyclePayload,
  type SystemCmdPayload,
} from './events/system';

/** Payload type of every event type at its current version. */
export interface EventPayloads {
  'md.candle': CandlePayload;
  'md.tick': TickPayload;
  'md.depth': DepthPayload;
  'md.gap': GapPayload;
  'indicator.value': IndicatorValuePayload;
  'strategy.intent': StrategyIntentPayload;
  'risk.approved': RiskApprovedPayload;
  'risk.rejected': RiskRejectedPayload;
  'risk.halt': RiskHaltPayload;
  'order.new': OrderNewPayload;
  'order.ack': OrderAckPayload;
  'order.fill': OrderFillPayload;
  'order.cancel': OrderCancelPayload;
  'order.reject': OrderRejectPayload;
  'pnl.update': PnlUpdatePayload;
  'pnl.global': PnlGlobalPayload;
  'risk.violation': RiskViolationPayload;
  'ml.advice': MlAdvicePayload;
  'system.heartbeat': HeartbeatPayload;
  'system.cmd': SystemCmdPayload;
  'system.dlq': DeadLetterPayload;
  'run.lifecycle': RunLifecyclePayload;
}
export type EventType = keyof EventPayloads;

export interface EventVersion {
  readonly v: number;
  readonly schema: TSchema;
  /** Cross-field rules JSON Schema cannot state; run after the schema passed. */
  readonly problems?: (payload: never) => Problem[];
  /** One line per cross-field rule, copied into the generated JSON Schema description. */
  readonly notes?: readonly string[];
}

/** Turns a valid payload of version n into a valid payload of version n + 1. */
export type Upcaster = (payload: never) => unknown;

export interface EventDefinition {
  readonly type: EventType;
  readonly current: number;
  /** versions[n - 1] describes version n. */
  readonly versions: readonly EventVersion[];
  /** upcasters[n - 1] lifts version n to n + 1. */
  readonly upcasters: readonly Upcaster[];
}

const ohlcNotes = ['low <= min(open, close) <= max(open, close) <= high', 'closeTime > openTime'];
const targetNotes = ['each instrument appears at most once in targets', 'each target gives exactly one of qty and weight'];

function single(type: EventType, schema: TSchema, extra: Partial<EventVersion> = {}): EventDefinition {
  return { type, current: 1, versions: [{ v: 1, schema, ...extra }], upcasters: [] };
}

const definitions: { readonly [T in EventType]: EventDefinition } = {
  'md.candle': {
    type: 'md.candle',
    current: 2,
    versions: [
      { v: 1, schema: CandleV1Schema, problems: candleProblems, notes: ohlcNotes },
      { v: 2, schema: CandleV2Schema, problems: candleProblems, notes: ohlcNotes },
    ],
    upcasters: [upcastCandleV1 as (p: CandleV1Payload) => CandlePayload],
  },
  'md.tick': single('md.tick', TickSchema),
  'md.depth': single('md.depth', DepthSchema),
  'md.gap': single('md.gap', GapSchema, { problems: gapProblems, notes: ['actualOpenTime > expectedOpenTime'] }),
  'indicator.value': single('indicator.value', IndicatorValueSchema),
  'strategy.intent': single('strategy.intent', StrategyIntentSchema, { problems: targetProblems, notes: targetNotes }),
  'risk.approved': single('risk.approved', RiskApprovedSchema, { problems: targetProblems, notes: targetNotes }),
  'risk.rejected': single('risk.rejected', RiskRejectedSchema),
  'risk.halt': single('risk.halt', RiskHaltSchema),
  'order.new': single('order.new', OrderNewSchema, {
    problems: orderSizeProblems,
    notes: ['exactly one of qty and quoteQty', 'quoteQty only on market orders'],
  }),
  'order.ack': single('order.ack', OrderAckSchema),
  'order.fill': single('order.fill', OrderFillSchema),
  'order.cancel': single('order.cancel', OrderCancelSchema),
  'order.reject': single('order.reject', OrderRejectSchema),
  'pnl.update': single('pnl.update', PnlUpdateSchema),
  'pnl.global': single('pnl.global', PnlGlobalSchema),
  'risk.violation': single('risk.violation', RiskViolationSchema),
  'ml.advice': single('ml.advice', MlAdviceSchema),
  'system.heartbeat': single('system.heartbeat', HeartbeatSchema),
  'system.cmd': single('system.cmd', SystemCmdSchema),
  'system.dlq': single('system.dlq', DeadLetterSchema),
  'run.lifecycle': single('run.lifecycle', RunLifecycleSchema),
};

/** Every event type, its versions and how to lift old versions to the current one. */
export const registry = {
  types: Object.keys(definitions) as readonly EventType[],

  has(type: string): type is EventType {
    return Object.prototype.hasOwnProperty.call(definitions, type);
  },

  get(type: EventType): EventDefinition {
    const definition = this.has(type) ? definitions[type] : undefined;
    if (!definition) throw new Error(`registry: unknown event type ${JSON.stringify(type)}`);
    return definition;
  },

  currentVersion(type: EventType): number {
    return this.get(type).current;
  },

  version(type: EventType, v: number): EventVersion {
    const found = this.get(type).versions[v - 1];
    if (!found) throw new Error(`registry: ${type} has no version ${v} (known: 1..${this.get(type).current})`);
    return found;
  },

  /** Lifts a payload valid at version `from` to the current version, one step at a time. */
  upcast(type: EventType, from: number, payload: unknown): unknown {
    const definition = this.get(type);
    if (!Number.isInteger(from) || from < 1 || from > definition.current) {
      throw new Error(`registry: cannot upcast ${type} from version ${from} (known: 1..${definition.current})`);
    }
    let lifted = payload;
    for (let v = from; v < definition.current; v++) lifted = (definition.upcasters[v - 1] as (p: unknown) => unknown)(lifted);
    return lifted;
  },
} as const;

/** A validated event of one known type at its current version; a union over types narrows on `type`. */
export type HeliosEvent<T extends EventType = EventType> = {
  [K in T]: { id: string; type: K; v: number; ts: number; src: string; run: string; corr?: string; cause?: string; payload: EventPayloads[K] };
}[T];
