import type { EventType, HeliosEvent } from './registry';
import type { ParsedSubject } from './subject-parser';
import { parseSubject } from './subject-parser';
import { ALL_INSTANCES, GLOBAL_SCOPE, subjects } from './subjects';

/** The subject an event is published on; it follows from the payload, so publishers cannot disagree. */
export function subjectFor(event: HeliosEvent): string {
  switch (event.type) {
    case 'md.candle':
      return subjects.candle(event.payload.venue, event.payload.symbol, event.payload.tf);
    case 'md.tick':
      return subjects.tick(event.payload.venue, event.payload.symbol);
    case 'md.depth':
      return subjects.depth(event.payload.venue, event.payload.symbol);
    case 'md.gap':
      return subjects.gap(event.payload.venue, event.payload.symbol, event.payload.tf);
    case 'indicator.value':
      return subjects.indicator(event.payload.name, event.payload.version, event.payload.symbol, event.payload.tf);
    case 'strategy.intent':
      return subjects.intent(event.payload.strategyId);
    case 'risk.approved':
      return subjects.riskApproved(event.payload.strategyId);
    case 'risk.rejected':
      return subjects.riskRejected(event.payload.strategyId);
    case 'risk.halt':
      return subjects.riskHalt();
    case 'order.new':
      return subjects.order('new', event.payload.account);
    case 'order.ack':
      return subjects.order('ack', event.payload.account);
    case 'order.fill':
      return subjects.order('fill', event.payload.account);
    case 'order.cancel':
      return subjects.order('cancel', event.payload.account);
    case 'order.reject':
      return subjects.order('reject', event.payload.account);
    case 'pnl.update':
      return subjects.pnlUpdate(event.payload.strategyId);
    case 'pnl.global':
      return subjects.pnlGlobal();
    case 'risk.violation':
      return subjects.riskViolation(event.payload.strategyId ?? GLOBAL_SCOPE);
    case 'ml.advice':
      return subjects.mlAdvice(event.payload.model, event.payload.symbol);
    case 'system.heartbeat':
      return subjects.heartbeat(event.payload.service, event.payload.instance);
    case 'system.cmd':
      return subjects.cmd(event.payload.service, event.payload.instance ?? ALL_INSTANCES);
    case 'system.dlq':
      return subjects.dlq(event.payload.service);
    case 'run.lifecycle':
      return subjects.run(event.payload.runId, event.payload.status);
    default:
      throw new Error(`subjectFor: unknown event type ${JSON.stringify((event as { type?: unknown }).type)}`);
  }
}

const TYPE_OF_KIND: { readonly [K in ParsedSubject['kind']]: EventType | null } = {
  candle: 'md.candle',
  tick: 'md.tick',
  depth: 'md.depth',
  gap: 'md.gap',
  indicator: 'indicator.value',
  intent: 'strategy.intent',
  mlAdvice: 'ml.advice',
  riskApproved: 'risk.approved',
  riskRejected: 'risk.rejected',
  riskHalt: 'risk.halt',
  order: null,
  pnlUpdate: 'pnl.update',
  pnlGlobal: 'pnl.global',
  riskViolation: 'risk.violation',
  heartbeat: 'system.heartbeat',
  cmd: 'system.cmd',
  dlq: 'system.dlq',
  run: 'run.lifecycle',
};

/** The event type a subject carries, so a consumer can reject a message published on the wrong subject. */
export function eventTypeOfSubject(subject: string): EventType {
  const parsed = parseSubject(subject);
  return parsed.kind === 'order' ? (`order.${parsed.orderKind}` as EventType) : (TYPE_OF_KIND[parsed.kind] as EventType);
}
