import type { EventMeta } from './envelope';
import { ContractViolationError } from './issues';
import { registry, type EventPayloads, type EventType, type HeliosEvent } from './registry';
import { validateEnvelope, validatePayload } from './validate';

/**
 * Builds an event at the current version of `type`, with a fixed key order so equal inputs encode to
 * equal bytes. Throws ContractViolationError listing every broken rule.
 */
export function createEvent<T extends EventType>(type: T, payload: EventPayloads[T], meta: EventMeta): HeliosEvent<T> {
  if (!registry.has(type)) throw new Error(`createEvent: unknown event type ${JSON.stringify(type)}`);
  const event: Record<string, unknown> = {
    id: meta.id,
    type,
    v: registry.currentVersion(type),
    ts: meta.ts,
    src: meta.src,
    run: meta.run,
  };
  if (meta.corr !== undefined) event['corr'] = meta.corr;
  if (meta.cause !== undefined) event['cause'] = meta.cause;
  event['payload'] = payload;
  const issues = [...validateEnvelope(event), ...validatePayload(type, event['v'] as number, payload)];
  if (issues.length > 0) throw new ContractViolationError(`createEvent(${type})`, issues);
  return event as HeliosEvent<T>;
}
