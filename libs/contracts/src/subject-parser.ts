import { TIMEFRAME_PATTERN, TOKEN_PATTERN } from './primitives';
import { ORDER_KINDS, SCOPE_PREFIX, SubjectError, subjects, unscoped, type OrderKind } from './subjects';

export type ParsedSubject = (
  | { kind: 'candle'; venue: string; symbol: string; tf: string }
  | { kind: 'tick'; venue: string; symbol: string }
  | { kind: 'depth'; venue: string; symbol: string }
  | { kind: 'gap'; venue: string; symbol: string; tf: string }
  | { kind: 'indicator'; name: string; version: number; symbol: string; tf: string }
  | { kind: 'intent'; strategyId: string }
  | { kind: 'mlAdvice'; model: string; symbol: string }
  | { kind: 'riskApproved'; strategyId: string }
  | { kind: 'riskRejected'; strategyId: string }
  | { kind: 'riskHalt' }
  | { kind: 'order'; orderKind: OrderKind; account: string }
  | { kind: 'pnlUpdate'; strategyId: string }
  | { kind: 'pnlGlobal' }
  | { kind: 'riskViolation'; strategyId: string }
  | { kind: 'heartbeat'; service: string; instance: string }
  | { kind: 'cmd'; service: string; instance: string }
  | { kind: 'dlq'; service: string }
  | { kind: 'run'; runId: string; event: string }
) & {
  /** Run id when the subject was run-scoped (`bt.<runId>.…`). */
  scope?: string;
};
export type SubjectKind = ParsedSubject['kind'];

/** Token layouts: literals, or `:field` captures. */
const LAYOUTS: ReadonlyArray<{ kind: SubjectKind; tokens: readonly string[] }> = [
  { kind: 'candle', tokens: ['md', 'candle', ':venue', ':symbol', ':tf'] },
  { kind: 'tick', tokens: ['md', 'tick', ':venue', ':symbol'] },
  { kind: 'depth', tokens: ['md', 'depth', ':venue', ':symbol'] },
  { kind: 'gap', tokens: ['md', 'gap', ':venue', ':symbol', ':tf'] },
  { kind: 'indicator', tokens: ['indicator', ':name', ':version', ':symbol', ':tf'] },
  { kind: 'intent', tokens: ['strategy', 'intent', ':strategyId'] },
  { kind: 'mlAdvice', tokens: ['ml', 'advice', ':model', ':symbol'] },
  { kind: 'riskApproved', tokens: ['risk', 'approved', ':strategyId'] },
  { kind: 'riskRejected', tokens: ['risk', 'rejected', ':strategyId'] },
  { kind: 'riskHalt', tokens: ['risk', 'halt'] },
  { kind: 'order', tokens: ['order', ':orderKind', ':account'] },
  { kind: 'pnlUpdate', tokens: ['pnl', 'update', ':strategyId'] },
  { kind: 'pnlGlobal', tokens: ['pnl', 'global'] },
  { kind: 'riskViolation', tokens: ['risk', 'violation', ':strategyId'] },
  { kind: 'heartbeat', tokens: ['system', 'heartbeat', ':service', ':instance'] },
  { kind: 'cmd', tokens: ['system', 'cmd', ':service', ':instance'] },
  { kind: 'dlq', tokens: ['system', 'dlq', ':service'] },
  { kind: 'run', tokens: ['run', ':runId', ':event'] },
];

const TOKEN = new RegExp(TOKEN_PATTERN);
const TIMEFRAME = new RegExp(TIMEFRAME_PATTERN);
const VERSION = /^v([1-9][0-9]{0,8})$/;

function capture(field: string, value: string, subject: string): string | number {
  const fail = (expected: string) => {
    throw new SubjectError(`parseSubject: token "${field}" of ${JSON.stringify(subject)} must be ${expected}, got ${JSON.stringify(value)}`);
  };
  if (!TOKEN.test(value) || value.length > 64) fail('a subject token [A-Za-z0-9_-]{1,64}');
  if (field === 'tf' && !TIMEFRAME.test(value)) fail('a timeframe like 1m, 4h or 1d');
  if (field === 'orderKind' && !(ORDER_KINDS as readonly string[]).includes(value)) fail(`one of ${ORDER_KINDS.join(', ')}`);
  if (field === 'version') {
    const match = VERSION.exec(value);
    if (!match) return fail('v<k> with k a positive integer');
    return Number(match[1]);
  }
  return value;
}

/** Reads a Helios subject (plain or run-scoped) back into its parts; throws naming what is wrong. */
export function parseSubject(subject: string): ParsedSubject {
  if (typeof subject !== 'string' || subject.length === 0) {
    throw new SubjectError(`parseSubject: subject must be a non-empty string, got ${JSON.stringify(subject)}`);
  }
  const { runId, subject: plain } = unscoped(subject);
  const parts = plain.split('.');
  const candidates = LAYOUTS.filter((l) => l.tokens.every((t, i) => t.startsWith(':') || parts[i] === t || i >= parts.length));
  const layout = candidates.find((l) => l.tokens.length === parts.length && l.tokens.every((t, i) => t.startsWith(':') || parts[i] === t));
  if (!layout) {
    const near = candidates.map((l) => l.tokens.map((t) => (t.startsWith(':') ? `<${t.slice(1)}>` : t)).join('.'));
    const hint = near.length > 0 ? ` (expected ${near.join(' or ')})` : '';
    throw new SubjectError(`parseSubject: ${JSON.stringify(subject)} is not a Helios subject${hint}`);
  }
  const parsed: Record<string, string | number> = { kind: layout.kind };
  layout.tokens.forEach((t, i) => {
    if (t.startsWith(':')) parsed[t.slice(1)] = capture(t.slice(1), parts[i], subject);
  });
  if (runId !== undefined) parsed['scope'] = runId;
  return parsed as unknown as ParsedSubject;
}

/** Builds the subject a parsed subject came from (inverse of parseSubject). */
export function formatSubject(p: ParsedSubject): string {
  const plain = formatPlain(p);
  return p.scope === undefined ? plain : `${SCOPE_PREFIX}.${p.scope}.${plain}`;
}

function formatPlain(p: ParsedSubject): string {
  switch (p.kind) {
    case 'candle':
      return subjects.candle(p.venue, p.symbol, p.tf);
    case 'tick':
      return subjects.tick(p.venue, p.symbol);
    case 'depth':
      return subjects.depth(p.venue, p.symbol);
    case 'gap':
      return subjects.gap(p.venue, p.symbol, p.tf);
    case 'indicator':
      return subjects.indicator(p.name, p.version, p.symbol, p.tf);
    case 'intent':
      return subjects.intent(p.strategyId);
    case 'mlAdvice':
      return subjects.mlAdvice(p.model, p.symbol);
    case 'riskApproved':
      return subjects.riskApproved(p.strategyId);
    case 'riskRejected':
      return subjects.riskRejected(p.strategyId);
    case 'riskHalt':
      return subjects.riskHalt();
    case 'order':
      return subjects.order(p.orderKind, p.account);
    case 'pnlUpdate':
      return subjects.pnlUpdate(p.strategyId);
    case 'pnlGlobal':
      return subjects.pnlGlobal();
    case 'riskViolation':
      return subjects.riskViolation(p.strategyId);
    case 'heartbeat':
      return subjects.heartbeat(p.service, p.instance);
    case 'cmd':
      return subjects.cmd(p.service, p.instance);
    case 'dlq':
      return subjects.dlq(p.service);
    case 'run':
      return subjects.run(p.runId, p.event);
  }
}
