import { filterIsSubsetOf, filterTokens, subjectMatches } from '@helios/contracts';

export type SubjectMatcher = (subject: string) => boolean;

const matchAll: SubjectMatcher = () => true;

/**
 * Beyond this many distinct subjects the memo is cleared, so a stream with unbounded subject variety
 * cannot grow it without limit. Real layouts have a few thousand subjects at most.
 */
const MEMO_LIMIT = 50_000;

/**
 * A matcher for a set of filters, for hot paths that test the same few subjects millions of times:
 * each distinct subject is tokenised and compared once, later calls are a map lookup. When every
 * subject of `within` (e.g. the stream's own filters) is already covered, it returns a constant.
 */
export function compileSubjectMatcher(filters: readonly string[], within?: readonly string[]): SubjectMatcher {
  if (filters.length === 0) throw new Error('compileSubjectMatcher: at least one filter is required');
  for (const filter of filters) filterTokens(filter);
  if (filters.includes('>')) return matchAll;
  if (within && within.every((w) => filters.some((f) => filterIsSubsetOf(w, f)))) return matchAll;

  const memo = new Map<string, boolean>();
  return (subject) => {
    let hit = memo.get(subject);
    if (hit === undefined) {
      hit = false;
      for (const filter of filters) {
        if (subjectMatches(filter, subject)) {
          hit = true;
          break;
        }
      }
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(subject, hit);
    }
    return hit;
  };
}
