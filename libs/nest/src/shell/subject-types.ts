import { eventTypeOfSubject } from '@helios/contracts';

const MAX_ENTRIES = 10_000;

/**
 * `eventTypeOfSubject` remembered per subject: the check that an input's type belongs on its
 * subject runs for every input, and a service sees the same few subjects (one per instrument and
 * account) over and over. Bounded: when full it starts afresh. Subjects it cannot parse are not kept.
 */
export class SubjectTypes {
  private readonly known = new Map<string, string>();

  typeOf(subject: string): string {
    let type = this.known.get(subject);
    if (type === undefined) {
      type = eventTypeOfSubject(subject);
      if (this.known.size >= MAX_ENTRIES) this.known.clear();
      this.known.set(subject, type);
    }
    return type;
  }
}
