import type { ConsumeOptions, StartPosition } from '../ports/bus';

export const DEFAULT_MAX_DELIVER = 5;

/** A durable name or service becomes a subject token and a JetStream consumer name. */
const NAME = /^[A-Za-z0-9_-]+$/;

export interface ConsumeSettings {
  durable: string;
  filters: string[];
  deadLetterService: string;
  maxDeliver: number;
  deliverFrom: StartPosition;
}

/** Validates consume options, naming the durable and the field in errors, and applies defaults. */
export function readConsumeOptions(options: ConsumeOptions): ConsumeSettings {
  if (options === null || typeof options !== 'object') throw new Error('consume: options are required');
  const { durable } = options;
  if (typeof durable !== 'string' || !NAME.test(durable)) {
    throw new Error(`consume: options.durable must match ${NAME}, got ${JSON.stringify(durable)}`);
  }
  const where = `consume(${durable})`;
  const filters = readFilters(options.filter, where);
  const deadLetterService = options.deadLetterService ?? durable;
  if (typeof deadLetterService !== 'string' || !NAME.test(deadLetterService)) {
    throw new Error(`${where}: options.deadLetterService must match ${NAME}, got ${JSON.stringify(deadLetterService)}`);
  }
  const maxDeliver = options.maxDeliver ?? DEFAULT_MAX_DELIVER;
  if (!Number.isInteger(maxDeliver) || maxDeliver < 1) {
    throw new Error(`${where}: options.maxDeliver must be an integer >= 1, got ${String(maxDeliver)}`);
  }
  if (options.backoffMs !== undefined) {
    if (!Array.isArray(options.backoffMs) || options.backoffMs.some((ms) => !Number.isFinite(ms) || ms < 0)) {
      throw new Error(`${where}: options.backoffMs must be an array of finite numbers >= 0`);
    }
  }
  for (const key of ['ackWaitMs', 'maxAckPending'] as const) {
    const value = options[key];
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
      throw new Error(`${where}: options.${key} must be a number > 0, got ${String(value)}`);
    }
  }
  const deliverFrom = readStartPosition(options.deliverFrom ?? { kind: 'all' }, `${where}: options.deliverFrom`);
  return { durable, filters, deadLetterService, maxDeliver, deliverFrom };
}

export function readFilters(filter: string | string[], where: string): string[] {
  const filters = Array.isArray(filter) ? filter : [filter];
  if (filters.length === 0) throw new Error(`${where}: at least one filter is required`);
  for (const f of filters) {
    if (typeof f !== 'string') throw new Error(`${where}: filters must be strings, got ${JSON.stringify(f)}`);
  }
  return filters;
}

export function readStartPosition(from: StartPosition, where: string): StartPosition {
  if (from === null || typeof from !== 'object') throw new Error(`${where} must be a start position, got ${JSON.stringify(from)}`);
  switch (from.kind) {
    case 'all':
      return from;
    case 'seq':
      if (!Number.isInteger(from.seq) || from.seq < 1) throw new Error(`${where}.seq must be an integer >= 1, got ${String(from.seq)}`);
      return from;
    case 'time':
      if (!Number.isFinite(from.ts)) throw new Error(`${where}.ts must be a finite time in ms, got ${String(from.ts)}`);
      return from;
    default:
      throw new Error(`${where}.kind must be 'all', 'seq' or 'time', got ${JSON.stringify((from as { kind: unknown }).kind)}`);
  }
}
