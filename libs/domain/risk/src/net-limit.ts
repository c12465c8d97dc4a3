export type NetLimitStatus = 'within' | 'clipped' | 'noRoom';

export interface NetLimitResult {
  readonly status: NetLimitStatus;
  /** The strategy's target after the limit (the requested one unless clipped). */
  readonly target: number;
}

/**
 * Holds one strategy's new target so that |others + target| <= maxAbsNet, where `others` is the
 * net of every other strategy and `own` the strategy's current exposure.
 *
 * Clipping rules, chosen so a limit never makes a strategy trade against its own request:
 * - a target that does not increase |net| always passes (it can only help);
 * - otherwise the target is cut back to the limit, but never past `own`: the result lies between the
 *   current exposure and the request; when that leaves no move at all, there is `noRoom`.
 */
export function holdNetWithin(target: number, own: number, others: number, maxAbsNet: number): NetLimitResult {
  const desired = others + target;
  if (Math.abs(desired) <= maxAbsNet) return { status: 'within', target };
  if (Math.abs(desired) <= Math.abs(others + own)) return { status: 'within', target };
  const edge = (desired > 0 ? maxAbsNet : -maxAbsNet) - others;
  const lo = own < target ? own : target;
  const hi = own < target ? target : own;
  const clipped = edge < lo ? lo : edge > hi ? hi : edge;
  return clipped === own ? { status: 'noRoom', target: own } : { status: 'clipped', target: clipped };
}
