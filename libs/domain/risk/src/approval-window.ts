/**
 * The event times of a strategy's most recent approvals, in a ring as long as the rate limit: when
 * the ring is full, its oldest entry tells in O(1) whether one more approval would exceed the limit.
 */
export interface ApprovalWindow {
  readonly times: Float64Array;
  head: number;
  count: number;
}

export function createApprovalWindow(capacity: number): ApprovalWindow {
  return { times: new Float64Array(capacity), head: 0, count: 0 };
}

export function recordApproval(w: ApprovalWindow, ts: number): void {
  const capacity = w.times.length;
  if (w.count < capacity) {
    w.times[(w.head + w.count) % capacity] = ts;
    w.count++;
  } else {
    w.times[w.head] = ts;
    w.head = (w.head + 1) % capacity;
  }
}

/** Approvals recorded within (now - windowMs, now]. */
export function approvalsWithin(w: ApprovalWindow, now: number, windowMs: number): number {
  const capacity = w.times.length;
  let n = 0;
  for (let i = 0; i < w.count; i++) {
    const t = w.times[(w.head + i) % capacity];
    if (now - t < windowMs && t <= now) n++;
  }
  return n;
}

/** True when the ring already holds `capacity` approvals inside the window. */
export function windowFull(w: ApprovalWindow, now: number, windowMs: number): boolean {
  return w.count === w.times.length && now - w.times[w.head] < windowMs;
}
