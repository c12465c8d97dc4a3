/**
 * Appends `point` to `list`, a series kept in time order with one point per time: a point at the
 * last point's time replaces it, an older one is dropped, and beyond `max` the oldest points go.
 * The live hub keeps each strategy's P&L this way, and the browser its P&L pane.
 */
export function pushTimePoint<T extends { ts: number }>(list: T[], point: T, max: number): void {
  const last = list[list.length - 1];
  if (last !== undefined && point.ts < last.ts) return;
  if (last !== undefined && point.ts === last.ts) list[list.length - 1] = point;
  else list.push(point);
  if (list.length > max) list.splice(0, list.length - max);
}
