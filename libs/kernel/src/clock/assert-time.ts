/** Throws a clear error unless `value` is a finite number; `where` names the caller and argument. */
export function assertFiniteTime(value: number, where: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${where}: expected a finite time in ms, got ${String(value)}`);
  }
}
