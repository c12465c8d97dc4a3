import { EnvelopeSchema } from './envelope';
import { makeIssue, problemsToIssues, type ValidationIssue } from './issues';
import { registry, type EventType, type HeliosEvent } from './registry';
import { schemaIssues } from './schema-errors';

/** Issues of the envelope alone (the payload is not looked at). */
export function validateEnvelope(value: unknown): ValidationIssue[] {
  return schemaIssues(EnvelopeSchema, value);
}

/** Issues of a payload of `type` at version `v`; paths start with `prefix`. */
export function validatePayload(type: EventType, v: number, payload: unknown, prefix = '/payload'): ValidationIssue[] {
  const version = registry.version(type, v);
  const issues = schemaIssues(version.schema, payload, prefix);
  if (issues.length > 0 || !version.problems) return issues;
  return problemsToIssues(prefix, version.problems(payload as never));
}

/**
 * Every issue of a whole event at the version it declares: envelope, known type and version,
 * payload. An empty array means the event is valid as it stands (no upcasting is done here).
 */
export function validateEvent(value: unknown): ValidationIssue[] {
  const envelopeIssues = validateEnvelope(value);
  if (envelopeIssues.length > 0) return envelopeIssues;
  const { type, v, payload } = value as { type: string; v: number; payload: unknown };
  if (!registry.has(type)) return [makeIssue('/type', 'knownType', `${JSON.stringify(type)} is not a known event type`)];
  const current = registry.currentVersion(type);
  if (v > current) return [makeIssue('/v', 'knownVersion', `${type} has no version ${v} (known: 1..${current})`)];
  return validatePayload(type, v, payload);
}

/** Type guard for a valid event at the current version, optionally of one type. */
export function isEvent<T extends EventType>(value: unknown, type?: T): value is HeliosEvent<T> {
  if (validateEnvelope(value).length > 0) return false;
  const e = value as { type: string; v: number };
  if (type !== undefined && e.type !== type) return false;
  return registry.has(e.type) && e.v === registry.currentVersion(e.type) && validateEvent(value).length === 0;
}
