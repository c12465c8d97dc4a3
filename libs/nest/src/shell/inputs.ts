import { registry, STREAM_NAMES, STREAMS, type EventType, type StreamName } from '@helios/contracts';
import { assertSubjectFilter, filterIsSubsetOf } from '@helios/contracts';

/** An input of a service: an event type (every subject of that type) or a subject filter. */
export type InputSpec = EventType | { filter: string };

/** The subject filter that matches exactly the subjects of one event type (see `subjects` in contracts). */
const TYPE_FILTERS: { readonly [T in EventType]: string } = {
  'md.candle': 'md.candle.*.*.*',
  'md.tick': 'md.tick.*.*',
  'md.depth': 'md.depth.*.*',
  'md.gap': 'md.gap.*.*.*',
  'indicator.value': 'indicator.*.*.*.*',
  'strategy.intent': 'strategy.intent.*',
  'ml.advice': 'ml.advice.*.*',
  'risk.approved': 'risk.approved.*',
  'risk.rejected': 'risk.rejected.*',
  'risk.halt': 'risk.halt',
  'order.new': 'order.new.*',
  'order.ack': 'order.ack.*',
  'order.fill': 'order.fill.*',
  'order.cancel': 'order.cancel.*',
  'order.reject': 'order.reject.*',
  'pnl.update': 'pnl.update.*',
  'pnl.global': 'pnl.global',
  'risk.violation': 'risk.violation.*',
  'system.heartbeat': 'system.heartbeat.*.*',
  'system.cmd': 'system.cmd.*.*',
  'system.dlq': 'system.dlq.*',
  'run.lifecycle': 'run.*.*',
};

export function filterOfType(type: EventType): string {
  return TYPE_FILTERS[type];
}

/** The one stream whose subjects contain every subject the filter matches. */
export function streamOfFilter(filter: string, where: string): StreamName {
  const owners = STREAM_NAMES.filter((name) => STREAMS[name].some((s) => filterIsSubsetOf(filter, s)));
  if (owners.length !== 1) {
    throw new Error(`${where}: filter ${JSON.stringify(filter)} must lie inside exactly one stream's subjects (${
      STREAM_NAMES.map((n) => `${n}: ${STREAMS[n].join(' ')}`).join('; ')})`);
  }
  return owners[0];
}

export interface StreamInputs {
  stream: StreamName;
  filters: string[];
}

/** Resolves the inputs to subject filters grouped by stream, in the order the streams first appear. */
export function resolveInputs(inputs: readonly InputSpec[], where: string): StreamInputs[] {
  if (!Array.isArray(inputs) || inputs.length === 0) throw new Error(`${where}: inputs must be a non-empty array of event types or { filter }`);
  const byStream = new Map<StreamName, string[]>();
  inputs.forEach((spec, i) => {
    const at = `${where}: inputs[${i}]`;
    let filter: string;
    if (typeof spec === 'string') {
      if (!registry.has(spec)) throw new Error(`${at}: ${JSON.stringify(spec)} is not an event type (known: ${registry.types.join(', ')})`);
      filter = filterOfType(spec);
    } else if (spec !== null && typeof spec === 'object' && typeof spec.filter === 'string') {
      assertSubjectFilter(spec.filter, at);
      filter = spec.filter;
    } else {
      throw new Error(`${at}: must be an event type or { filter: string }, got ${JSON.stringify(spec)}`);
    }
    const stream = streamOfFilter(filter, at);
    const filters = byStream.get(stream) ?? [];
    if (filters.includes(filter)) throw new Error(`${at}: filter ${filter} is listed twice`);
    byStream.set(stream, [...filters, filter]);
  });
  return [...byStream].map(([stream, filters]) => ({ stream, filters }));
}
