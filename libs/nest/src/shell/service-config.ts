import type { TSchema } from 'typebox';
import { describeIssues, schemaIssues, type ValidationIssue } from '@helios/contracts';

/** A configuration that does not match the service's schema; `issues` name every broken rule. */
export class ServiceConfigError extends Error {
  constructor(
    readonly where: string,
    readonly issues: readonly ValidationIssue[],
  ) {
    super(`${where}: invalid configuration: ${describeIssues(issues)}`);
    this.name = 'ServiceConfigError';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The effective configuration: the given object's top-level keys over the defaults, validated
 * against the schema. A given config may therefore name only what differs from the defaults.
 */
export function resolveServiceConfig<C>(schema: TSchema, defaults: C, given: unknown, where: string): C {
  if (given !== undefined && !isPlainObject(given)) {
    throw new ServiceConfigError(where, [{ path: '/', rule: 'type', message: `/: must be a JSON object, got ${JSON.stringify(given)} [type]` }]);
  }
  const merged = isPlainObject(defaults) ? { ...defaults, ...(given ?? {}) } : (given ?? defaults);
  const issues = schemaIssues(schema, merged);
  if (issues.length > 0) throw new ServiceConfigError(where, issues);
  return merged as C;
}
