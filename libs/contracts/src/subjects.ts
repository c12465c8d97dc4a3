import { TIMEFRAME_PATTERN, TOKEN_PATTERN } from './primitives';

const TOKEN = new RegExp(TOKEN_PATTERN);
const TIMEFRAME = new RegExp(TIMEFRAME_PATTERN);

export const ORDER_KINDS = ['new', 'ack', 'fill', 'cancel', 'reject'] as const;
export type OrderKind = (typeof ORDER_KINDS)[number];

/** Subject scope of a portfolio-wide risk violation (strategy ids cannot start with `_`). */
export const GLOBAL_SCOPE = '_global';
/** Instance token of a command addressed to every instance of a service. */
export const ALL_INSTANCES = '_all';
/** Prefix of run-scoped subjects used by distributed replays: `bt.<runId>.<subject>`. */
export const SCOPE_PREFIX = 'bt';

export class SubjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SubjectError';
  }
}

/** Checks one subject token and names the argument and the builder when it is not one. */
export function token(value: unknown, argument: string, builder: string): string {
  if (typeof value !== 'string' || !TOKEN.test(value) || value.length > 64) {
    throw new SubjectError(
      `subjects.${builder}: argument "${argument}" must be a subject token of 1-64 characters [A-Za-z0-9_-] ` +
        `(no empty token, '.', '*', '>' or whitespace), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

function timeframe(value: unknown, builder: string): string {
  token(value, 'tf', builder);
  if (!TIMEFRAME.test(value as string)) {
    throw new SubjectError(`subjects.${builder}: argument "tf" must be a timeframe like 1m, 4h or 1d, got ${JSON.stringify(value)}`);
  }
  return value as string;
}

function version(value: unknown, builder: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new SubjectError(`subjects.${builder}: argument "version" must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

function orderKind(value: unknown): OrderKind {
  if (!(ORDER_KINDS as readonly unknown[]).includes(value)) {
    throw new SubjectError(`subjects.order: argument "kind" must be one of ${ORDER_KINDS.join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as OrderKind;
}

/** Builders of every subject Helios publishes on; nobody writes a subject string by hand. */
export const subjects = {
  candle: (venue: string, symbol: string, tf: string) =>
    `md.candle.${token(venue, 'venue', 'candle')}.${token(symbol, 'symbol', 'candle')}.${timeframe(tf, 'candle')}`,
  tick: (venue: string, symbol: string) => `md.tick.${token(venue, 'venue', 'tick')}.${token(symbol, 'symbol', 'tick')}`,
  depth: (venue: string, symbol: string) => `md.depth.${token(venue, 'venue', 'depth')}.${token(symbol, 'symbol', 'depth')}`,
  gap: (venue: string, symbol: string, tf: string) =>
    `md.gap.${token(venue, 'venue', 'gap')}.${token(symbol, 'symbol', 'gap')}.${timeframe(tf, 'gap')}`,
  indicator: (name: string, indicatorVersion: number, symbol: string, tf: string) =>
    `indicator.${token(name, 'name', 'indicator')}.v${version(indicatorVersion, 'indicator')}.${token(symbol, 'symbol', 'indicator')}.${timeframe(tf, 'indicator')}`,
  intent: (strategyId: string) => `strategy.intent.${token(strategyId, 'strategyId', 'intent')}`,
  mlAdvice: (model: string, symbol: string) => `ml.advice.${token(model, 'model', 'mlAdvice')}.${token(symbol, 'symbol', 'mlAdvice')}`,
  riskApproved: (strategyId: string) => `risk.approved.${token(strategyId, 'strategyId', 'riskApproved')}`,
  riskRejected: (strategyId: string) => `risk.rejected.${token(strategyId, 'strategyId', 'riskRejected')}`,
  riskHalt: () => 'risk.halt',
  order: (kind: OrderKind, account: string) => `order.${orderKind(kind)}.${token(account, 'account', 'order')}`,
  pnlUpdate: (strategyId: string) => `pnl.update.${token(strategyId, 'strategyId', 'pnlUpdate')}`,
  pnlGlobal: () => 'pnl.global',
  riskViolation: (strategyId: string) => `risk.violation.${token(strategyId, 'strategyId', 'riskViolation')}`,
  heartbeat: (service: string, instance: string) =>
    `system.heartbeat.${token(service, 'service', 'heartbeat')}.${token(instance, 'instance', 'heartbeat')}`,
  cmd: (service: string, instance: string) => `system.cmd.${token(service, 'service', 'cmd')}.${token(instance, 'instance', 'cmd')}`,
  dlq: (service: string) => `system.dlq.${token(service, 'service', 'dlq')}`,
  run: (runId: string, event: string) => `run.${token(runId, 'runId', 'run')}.${token(event, 'event', 'run')}`,
} as const;

/** Wildcard filters for subscriptions and consumers. */
export const filters = {
  allMarketData: 'md.>',
  allCandles: 'md.candle.>',
  allTicks: 'md.tick.>',
  allDepth: 'md.depth.>',
  allGaps: 'md.gap.>',
  allIndicators: 'indicator.>',
  allIntents: 'strategy.intent.>',
  allMlAdvice: 'ml.advice.>',
  allRiskApproved: 'risk.approved.>',
  allRiskRejected: 'risk.rejected.>',
  riskHalt: 'risk.halt',
  allOrders: 'order.>',
  allPnlUpdates: 'pnl.update.>',
  pnlGlobal: 'pnl.global',
  allRiskViolations: 'risk.violation.>',
  heartbeats: 'system.heartbeat.>',
  commands: 'system.cmd.>',
  deadLetters: 'system.dlq.>',
  allRuns: 'run.>',
  allScoped: `${SCOPE_PREFIX}.>`,
  /** One venue's candles of one timeframe, every symbol. */
  candlesOf: (venue: string, tf: string) => `md.candle.${token(venue, 'venue', 'candlesOf')}.*.${timeframe(tf, 'candlesOf')}`,
  /** Orders of one kind, every account. */
  ordersOfKind: (kind: OrderKind) => `order.${orderKind(kind)}.*`,
  /** Orders of every kind for one account. */
  ordersOfAccount: (account: string) => `order.*.${token(account, 'account', 'ordersOfAccount')}`,
  /** Commands one instance must obey: its own and those addressed to every instance. */
  commandsFor: (service: string, instance: string) => [subjects.cmd(service, instance), subjects.cmd(service, ALL_INSTANCES)],
  /** Every lifecycle subject of one run. */
  run: (runId: string) => `run.${token(runId, 'runId', 'run')}.>`,
  /** Every subject of one run-scoped replay. */
  scoped: (runId: string) => `${SCOPE_PREFIX}.${token(runId, 'runId', 'scoped')}.>`,
} as const;

/** Moves a subject into a replay's private namespace: `bt.<runId>.<subject>`. */
export function scoped(runId: string, subject: string): string {
  token(runId, 'runId', 'scoped');
  if (typeof subject !== 'string' || subject.length === 0 || subject.startsWith(`${SCOPE_PREFIX}.`)) {
    throw new SubjectError(`scoped: argument "subject" must be a non-empty unscoped subject, got ${JSON.stringify(subject)}`);
  }
  return `${SCOPE_PREFIX}.${runId}.${subject}`;
}

/** Splits a run-scoped subject into its run id and the plain subject; plain subjects pass through. */
export function unscoped(subject: string): { runId?: string; subject: string } {
  if (!subject.startsWith(`${SCOPE_PREFIX}.`)) return { subject };
  const end = subject.indexOf('.', SCOPE_PREFIX.length + 1);
  const runId = subject.slice(SCOPE_PREFIX.length + 1, end === -1 ? undefined : end);
  const rest = end === -1 ? '' : subject.slice(end + 1);
  if (!TOKEN.test(runId) || rest.length === 0) {
    throw new SubjectError(`unscoped: ${JSON.stringify(subject)} is not of the form ${SCOPE_PREFIX}.<runId>.<subject>`);
  }
  return { runId, subject: rest };
}
