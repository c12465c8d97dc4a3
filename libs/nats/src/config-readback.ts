/**
 * Reading a configuration back after creating it. The v3 client silently drops option names it does
 * not know, and servers silently ignore options newer than themselves, so "created without error"
 * does not mean "created as asked".
 */

export interface ConfigMismatch {
  /** Stream or consumer, e.g. `stream MD` or `consumer ORDER/risk-gate`. */
  target: string;
  option: string;
  wanted: unknown;
  actual: unknown;
  /** `ignored`: the server's config does not have the option at all; `changed`: it has another value. */
  kind: 'ignored' | 'changed';
}

function sameValue(wanted: unknown, actual: unknown): boolean {
  if (Array.isArray(wanted)) {
    return Array.isArray(actual) && wanted.length === actual.length && wanted.every((w, i) => sameValue(w, actual[i]));
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
    // Servers add their own keys (e.g. `_nats.*` metadata); only what was asked for must match.
    return Object.entries(wanted as Record<string, unknown>).every(([k, v]) =>
      sameValue(v, (actual as Record<string, unknown>)[k]),
    );
  }
  return Object.is(wanted, actual);
}

/** Every option in `wanted` (keys with an `undefined` value are skipped) that `actual` does not match. */
export function compareConfig(
  target: string,
  wanted: Readonly<Record<string, unknown>>,
  actual: Readonly<Record<string, unknown>>,
): ConfigMismatch[] {
  const mismatches: ConfigMismatch[] = [];
  for (const [option, value] of Object.entries(wanted)) {
    if (value === undefined) continue;
    const got = actual[option];
    if (sameValue(value, got)) continue;
    mismatches.push({ target, option, wanted: value, actual: got, kind: got === undefined ? 'ignored' : 'changed' });
  }
  return mismatches;
}

export function describeMismatch(m: ConfigMismatch): string {
  const wanted = JSON.stringify(m.wanted);
  return m.kind === 'ignored'
    ? `${m.target}: option ${m.option} = ${wanted} was ignored by the server (absent from its config)`
    : `${m.target}: option ${m.option} = ${wanted} was changed by the server to ${JSON.stringify(m.actual)}`;
}

export class ConfigReadBackError extends Error {
  constructor(readonly mismatches: readonly ConfigMismatch[]) {
    super(
      `the server's configuration differs from what was asked for (${mismatches.length} option(s)):\n` +
        mismatches.map((m) => `  - ${describeMismatch(m)}`).join('\n'),
    );
    this.name = 'ConfigReadBackError';
  }
}

/** Throws ConfigReadBackError listing every mismatch, if there is any. */
export function assertConfigApplied(
  target: string,
  wanted: Readonly<Record<string, unknown>>,
  actual: Readonly<Record<string, unknown>>,
): void {
  const mismatches = compareConfig(target, wanted, actual);
  if (mismatches.length > 0) throw new ConfigReadBackError(mismatches);
}
