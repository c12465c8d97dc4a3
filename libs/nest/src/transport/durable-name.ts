import { assertSubjectFilter } from '@helios/contracts';

/**
 * The durable consumer name for one event pattern: a subject filter turned into a name token
 * (`order.new.*` -> `order_new_any`, `md.>` -> `md_rest`), after the given prefix.
 */
export function durableForPattern(prefix: string, pattern: string): string {
  assertSubjectFilter(pattern, `event pattern ${JSON.stringify(pattern)}`);
  const token = pattern
    .split('.')
    .map((t) => (t === '*' ? 'any' : t === '>' ? 'rest' : t))
    .join('_');
  const name = `${prefix}-${token}`;
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`event pattern ${JSON.stringify(pattern)}: durable name ${JSON.stringify(name)} has characters other than letters, digits, '-' and '_'`);
  return name;
}
