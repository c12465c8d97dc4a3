import type { JetStreamManager } from '@nats-io/jetstream';
import { assertSubjectFilter } from '@helios/contracts';
import { apiErrorCode } from './jetstream-errors';
import { describeError } from './retry';

const NO_STREAM_MATCHES = 10059;

export function asFilterList(filter: string | readonly string[], where: string): string[] {
  const filters = typeof filter === 'string' ? [filter] : [...filter];
  if (filters.length === 0) throw new Error(`${where}: at least one filter subject is required`);
  for (const f of filters) assertSubjectFilter(f, `${where}: filter`);
  return filters;
}

/** The one stream that stores every subject matching the filters; a clear error otherwise. */
export async function streamForFilters(jsm: JetStreamManager, filters: readonly string[], where: string): Promise<string> {
  const streams = new Map<string, string>();
  for (const filter of filters) {
    try {
      streams.set(filter, await jsm.streams.find(filter));
    } catch (err) {
      if (apiErrorCode(err) === NO_STREAM_MATCHES) {
        throw new Error(`${where}: no stream (or more than one) stores subjects matching "${filter}"; check the topology`, { cause: err });
      }
      throw new Error(`${where}: could not look up the stream for "${filter}": ${describeError(err)}`, { cause: err });
    }
  }
  const names = [...new Set(streams.values())];
  if (names.length > 1) {
    const detail = [...streams].map(([f, s]) => `${f} -> ${s}`).join(', ');
    throw new Error(`${where}: the filters span several streams (${detail}); one consumer reads one stream`);
  }
  return names[0];
}
