import { Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/nats-core';
import { createEvent, describeIssues, eventId, HALT_KEY, KV_BUCKETS, RiskHaltSchema, schemaIssues, type HeliosEvent, type RiskHaltPayload } from '@helios/contracts';


/** Checks a halt value against the `risk.halt` payload schema; throws naming every bad field and `where`. */
export function checkHalt(value: unknown, where: string): RiskHaltPayload {
  const issues = schemaIssues(RiskHaltSchema, value);
  if (issues.length > 0) throw new Error(`${where}: not a valid halt value { halted, reason, by }: ${describeIssues(issues)}`);
  return value as RiskHaltPayload;
}

/**
 * Switches the global trading halt on or off by writing KV `helios-config` key `risk.halt`. The
 * leading risk gate turns the change into a `risk.halt` event that the risk and orders deciders
 * obey. Resolves to the KV revision written (the halt event's id derives from it).
 */
export async function setHalt(nc: NatsConnection, halted: boolean, reason: string, by: string): Promise<number> {
  const value = checkHalt({ halted, reason, by }, 'setHalt');
  const kv = await new Kvm(nc).open(KV_BUCKETS.config);
  return kv.put(HALT_KEY, JSON.stringify(value));
}

/** The halt a KV entry of `risk.halt` stands for. A deleted key clears the halt. */
export function haltOfEntry(entry: { operation: string; revision: number; string(): string }): RiskHaltPayload {
  if (entry.operation !== 'PUT') return { halted: false, reason: `KV ${KV_BUCKETS.config} key ${HALT_KEY} was deleted`, by: 'kv' };
  const where = `KV ${KV_BUCKETS.config} key ${HALT_KEY} revision ${entry.revision}`;
  let value: unknown;
  try {
    value = JSON.parse(entry.string());
  } catch (err) {
    throw new Error(`${where}: not JSON (${(err as Error).message})`);
  }
  return checkHalt(value, where);
}

/**
 * A halt value that cannot be read halts trading (risk checks fail closed): the operator meant to
 * change the switch, and "on" is the safe guess.
 */
export function unreadableHalt(error: string): RiskHaltPayload {
  return { halted: true, reason: error.slice(0, 1_000), by: 'risk-gate' };
}

/**
 * The `risk.halt` event of one KV revision. Its id is the revision's, so a gate that re-publishes it
 * (a new leader, a restart) is de-duplicated by the RISK stream.
 */
export function haltEvent(payload: RiskHaltPayload, revision: number, ts: number, run: string, src: string): HeliosEvent<'risk.halt'> {
  return createEvent('risk.halt', { halted: payload.halted, reason: payload.reason, by: payload.by }, { id: eventId('risk.halt', 'kv', revision), ts, src, run });
}

/** Equal switches: both off (whatever the reasons), or both on for the same reason by the same hand. */
export function sameHalt(a: RiskHaltPayload, b: RiskHaltPayload): boolean {
  return a.halted === b.halted && (!a.halted || (a.reason === b.reason && a.by === b.by));
}

/** What the deciders start from: trading allowed. */
export const NOT_HALTED: RiskHaltPayload = { halted: false, reason: 'not halted', by: 'default' };
