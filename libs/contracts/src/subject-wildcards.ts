import { filterTokens, subjectTokens } from './subject-tokens';

/** Whether the concrete `subject` is matched by `filter` under NATS wildcard rules. */
export function subjectMatches(filter: string, subject: string): boolean {
  const f = filterTokens(filter, 'subjectMatches: filter');
  const s = subjectTokens(subject, 'subjectMatches: subject');
  for (let i = 0; i < f.length; i++) {
    const token = f[i];
    if (token === '>') return s.length > i;
    if (i >= s.length) return false;
    if (token !== '*' && token !== s[i]) return false;
  }
  return f.length === s.length;
}

/** Whether every subject matched by `inner` is also matched by `outer`. */
export function filterIsSubsetOf(inner: string, outer: string): boolean {
  const a = filterTokens(inner, 'filterIsSubsetOf: inner filter');
  const b = filterTokens(outer, 'filterIsSubsetOf: outer filter');
  for (let i = 0; i < b.length; i++) {
    const o = b[i];
    if (o === '>') return a.length > i;
    if (i >= a.length) return false;
    const t = a[i];
    if (t === '>') return false;
    if (o !== '*' && t !== o) return false;
  }
  return a.length === b.length;
}

/** Whether some concrete subject is matched by both filters. */
export function filtersOverlap(first: string, second: string): boolean {
  const a = filterTokens(first, 'filtersOverlap: first filter');
  const b = filterTokens(second, 'filtersOverlap: second filter');
  for (let i = 0; ; i++) {
    if (i >= a.length || i >= b.length) return a.length === b.length;
    const x = a[i];
    const y = b[i];
    if (x === '>' || y === '>') return true;
    if (x !== '*' && y !== '*' && x !== y) return false;
  }
}
