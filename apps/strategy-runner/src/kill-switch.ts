import { createEvent, eventId, subjects } from '@helios/contracts';
import type { Publisher } from '@helios/nats';
import type { FleetState } from './fleet-decider';
import type { StrategyDefinition } from '@helios/domain-strategy';

/**
 * The kill switch acts at once, not on the next bar: a flat target (weight 0) for every instrument,
 * published directly. Its id is keyed by the KV revision that set the switch, so a repeat (a
 * restart, a second watcher event) is de-duplicated by the stream: it is published once.
 */
export async function publishFlatten(
  publisher: Publisher,
  def: StrategyDefinition,
  revision: number,
  state: FleetState | undefined,
  now: number,
  run: string,
  scopeSubject: (subject: string) => string = (subject) => subject,
): Promise<void> {
  const slot = state?.slots.get(def.id);
  let barTime = 0;
  for (const inst of slot?.state.instruments.values() ?? []) barTime = Math.max(barTime, inst.lastOpenTime);
  const event = createEvent(
    'strategy.intent',
    { strategyId: def.id, targets: def.instruments.map((instrument) => ({ instrument, weight: 0, reason: 'kill switch' })), barTime },
    { id: eventId('strategy.kill', def.id, revision), ts: now, src: 'strategy-runner', run },
  );
  await publisher.publish(scopeSubject(subjects.intent(def.id)), event);
}
