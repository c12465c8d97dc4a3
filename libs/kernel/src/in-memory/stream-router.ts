import { assertSubject, assertSubjectFilter, filterIsSubsetOf, filtersOverlap } from '@helios/contracts';
import { StreamLog } from './stream-log';

export type StreamLayout = Readonly<Record<string, readonly string[]>>;

const STREAM_NAME = /^[^\s.*>/\\]+$/;

/** Finds the one stream a subject or a consumer filter belongs to, as JetStream does. */
export class StreamRouter {
  readonly streams: readonly StreamLog[];
  private readonly bySubject = new Map<string, StreamLog>();

  constructor(layout: StreamLayout, duplicateWindowMs: number) {
    const entries = Object.entries(layout ?? {});
    if (entries.length === 0) throw new Error('InMemoryBus: options.streams must name at least one stream');
    const owners: { stream: string; filter: string }[] = [];
    const streams: StreamLog[] = [];
    for (const [name, filters] of entries) {
      if (!STREAM_NAME.test(name)) {
        throw new Error(`InMemoryBus: stream name "${name}" must be non-empty without whitespace, ".", "*", ">", "/" or "\\"`);
      }
      if (!Array.isArray(filters) || filters.length === 0) {
        throw new Error(`InMemoryBus: stream ${name} needs a non-empty array of subject filters`);
      }
      for (const filter of filters) {
        assertSubjectFilter(filter, `InMemoryBus: stream ${name} filter`);
        for (const other of owners) {
          if (other.stream !== name && filtersOverlap(filter, other.filter)) {
            throw new Error(
              `InMemoryBus: stream ${name} filter "${filter}" overlaps stream ${other.stream} filter "${other.filter}"; a subject must belong to one stream`,
            );
          }
        }
        owners.push({ stream: name, filter });
      }
      streams.push(new StreamLog(name, [...filters], duplicateWindowMs));
    }
    this.streams = streams;
  }

  /** The stream that stores `subject`; throws naming the subject if there is none. */
  forSubject(subject: string): StreamLog {
    const cached = this.bySubject.get(subject);
    if (cached !== undefined) return cached;
    assertSubject(subject, 'publish: subject');
    // Stream filters never overlap (checked in the constructor), so the first hit is the only one.
    const stream = this.streams.find((s) => s.filters.some((f) => filterIsSubsetOf(subject, f)));
    if (stream === undefined) {
      throw new Error(`no stream stores subject "${subject}" (streams: ${this.describe()})`);
    }
    this.bySubject.set(subject, stream);
    return stream;
  }

  /** The one stream every filter lies within; `where` names the caller in errors. */
  forFilters(filters: readonly string[], where: string): StreamLog {
    let found: StreamLog | undefined;
    for (const filter of filters) {
      assertSubjectFilter(filter, `${where}: filter`);
      const stream = this.streams.find((s) => s.filters.some((f) => filterIsSubsetOf(filter, f)));
      if (stream === undefined) {
        throw new Error(`${where}: filter "${filter}" is not within one stream (streams: ${this.describe()})`);
      }
      if (found !== undefined && found !== stream) {
        throw new Error(`${where}: filters span streams ${found.name} and ${stream.name}; one consumer or replay reads one stream`);
      }
      found = stream;
    }
    if (found === undefined) throw new Error(`${where}: at least one filter is required`);
    return found;
  }

  private describe(): string {
    return this.streams.map((s) => `${s.name} [${s.filters.join(', ')}]`).join(', ');
  }
}
