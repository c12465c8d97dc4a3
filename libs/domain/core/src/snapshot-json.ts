/*
 * JSON helpers for deciders' snapshot hooks: exact numbers (-0, NaN, Infinity) and field-by-field
 * checks whose errors name the field.
 */
import { validateEvent, type EventType, type HeliosEvent } from '@helios/contracts';

/** JSON has no -0, NaN or Infinity (it writes 0, null, null): those travel as these strings. */
export type SnapshotNumber = number | '-0' | 'NaN' | 'Infinity' | '-Infinity';

const SPECIAL: ReadonlyMap<unknown, number> = new Map<unknown, number>([
  ['-0', -0],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

export function encodeNumber(x: number): SnapshotNumber {
  if (Number.isFinite(x)) return x === 0 && 1 / x < 0 ? '-0' : x;
  if (Number.isNaN(x)) return 'NaN';
  return x > 0 ? 'Infinity' : '-Infinity';
}

const describe = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'an array';
  if (v !== null && typeof v === 'object') return 'an object';
  return JSON.stringify(v);
};

/**
 * A value inside a snapshot and where it is (`strategies[1].curve.peak`), so that every rejection
 * names the field: a snapshot written by another version or edited by hand fails at start-up with
 * a message an operator can act on.
 */
export class SnapshotField {
  private constructor(
    private readonly owner: string,
    readonly path: string,
    readonly value: unknown,
  ) {}

  static root(owner: string, json: unknown): SnapshotField {
    return new SnapshotField(owner, '', json);
  }

  /** The error for this field: `<owner> snapshot: <path> must be <expected>, got <value>`. */
  error(expected: string): Error {
    const where = this.path === '' ? `${this.owner} snapshot` : `${this.owner} snapshot: ${this.path}`;
    return new Error(`${where} must be ${expected}, got ${describe(this.value)}`);
  }

  private fail(expected: string): never {
    throw this.error(expected);
  }

  get(key: string): SnapshotField {
    if (this.value === null || typeof this.value !== 'object' || Array.isArray(this.value)) this.fail('an object');
    return new SnapshotField(this.owner, this.path === '' ? key : `${this.path}.${key}`, (this.value as Record<string, unknown>)[key]);
  }

  items(): SnapshotField[] {
    if (!Array.isArray(this.value)) this.fail('an array');
    return this.value.map((v, i) => new SnapshotField(this.owner, `${this.path}[${i}]`, v));
  }

  string(): string {
    if (typeof this.value !== 'string') this.fail('a string');
    return this.value;
  }

  /** A string, or null for "none". */
  optionalString(): string | undefined {
    return this.value === null ? undefined : this.string();
  }

  oneOf<T extends string>(values: readonly T[]): T {
    if (!values.includes(this.value as T)) this.fail(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
    return this.value as T;
  }

  boolean(): boolean {
    if (typeof this.value !== 'boolean') this.fail('true or false');
    return this.value;
  }

  number(): number {
    if (typeof this.value === 'number') return this.value;
    const special = SPECIAL.get(this.value);
    if (special === undefined) this.fail('a number (or "NaN", "Infinity", "-Infinity", "-0")');
    return special;
  }

  /** A number, or null for "none". */
  optionalNumber(): number | undefined {
    return this.value === null ? undefined : this.number();
  }

  /**
   * A whole event of `type` (an input a decider held, to be decided on after the restore): it must
   * validate, since the decider's outputs will be derived from it.
   */
  event<T extends EventType>(type: T): HeliosEvent<T> {
    const problems = validateEvent(this.value);
    if (problems.length > 0 || (this.value as HeliosEvent).type !== type) {
      this.fail(`a valid ${type} event${problems.length > 0 ? `: ${problems[0].path} ${problems[0].message}` : ''}`);
    }
    return this.value as HeliosEvent<T>;
  }

  /** A whole number >= 0 (counters, indexes). */
  count(): number {
    if (typeof this.value !== 'number' || !Number.isSafeInteger(this.value) || this.value < 0) this.fail('a whole number >= 0');
    return this.value;
  }
}

/** Keys of a map restored from a list must be unique, or a later entry would silently replace an earlier one. */
export function uniqueKey(existing: { has(key: string): boolean }, key: string, at: SnapshotField): void {
  if (existing.has(key)) throw at.error('unique (it is listed before)');
}
