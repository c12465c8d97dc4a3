import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import type { TLocalizedValidationError } from 'typebox/error';
import { escapePointerToken, makeIssue, resolvePointer, type ValidationIssue } from './issues';

/** Compiles once per schema object; compiled code is reused for every later message. */
const compiled = new WeakMap<object, Validator>();

export function compiledValidator(schema: TSchema): Validator {
  let validator = compiled.get(schema);
  if (!validator) {
    validator = Compile(schema);
    compiled.set(schema, validator);
  }
  return validator;
}

/**
 * Validates `value` against `schema` and returns readable issues whose paths are prefixed with
 * `prefix` (e.g. `/payload`). Returns [] without computing errors when the value is valid.
 */
export function schemaIssues(schema: TSchema, value: unknown, prefix = ''): ValidationIssue[] {
  const validator = compiledValidator(schema);
  if (validator.Check(value)) return [];
  return translate(schema, value, validator.Errors(value), prefix, '');
}

function translate(
  schema: TSchema,
  value: unknown,
  errors: readonly TLocalizedValidationError[],
  prefix: string,
  suffix: string,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // Branch errors of if/then/else are recomputed with their condition named, so typebox's own
  // (sometimes missing) reports of them are dropped.
  const conditionals = errors.filter((e) => e.keyword === 'if').map((e) => e.schemaPath);
  const insideConditional = (e: TLocalizedValidationError) =>
    conditionals.some((p) => e.schemaPath.startsWith(`${p}/then`) || e.schemaPath.startsWith(`${p}/else`));

  for (const e of errors) {
    if (insideConditional(e)) continue;
    const path = prefix + e.instancePath;
    switch (e.keyword) {
      case 'required':
        for (const name of e.params.requiredProperties) {
          issues.push(makeIssue(`${path}/${escapePointerToken(name)}`, 'required', `is required${suffix}`));
        }
        break;
      case 'additionalProperties':
        for (const name of e.params.additionalProperties) {
          issues.push(makeIssue(`${path}/${escapePointerToken(name)}`, 'additionalProperties', 'is not an allowed property'));
        }
        break;
      case 'boolean':
        // A `false` additionalProperties schema is already reported per property above.
        if (!e.schemaPath.endsWith('/additionalProperties')) issues.push(makeIssue(path, 'forbidden', `must be absent${suffix}`));
        break;
      case 'const':
        issues.push(makeIssue(path, 'const', `must be ${JSON.stringify(e.params.allowedValue)}${suffix}`));
        break;
      case 'enum':
        issues.push(makeIssue(path, 'enum', `must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}${suffix}`));
        break;
      case 'if':
        issues.push(...conditionalIssues(schema, value, e, prefix));
        break;
      default:
        issues.push(makeIssue(path, e.keyword, `${e.message}${suffix}`));
    }
  }
  return dedupe(issues);
}

function conditionalIssues(root: TSchema, rootValue: unknown, e: TLocalizedValidationError & { keyword: 'if' }, prefix: string) {
  const node = resolvePointer(root, e.schemaPath) as Record<string, unknown>;
  const branchName = e.params.failingKeyword;
  const branch = node[branchName] as TSchema;
  const value = resolvePointer(rootValue, e.instancePath);
  const condition = describeCondition(node['if']);
  const suffix = branchName === 'then' ? ` when ${condition}` : ` unless ${condition}`;
  const errors = compiledValidator(branch).Errors(value);
  const issues = translate(branch, value, errors, prefix + e.instancePath, suffix);
  return issues.length > 0 ? issues : [makeIssue(prefix + e.instancePath, 'if', `${e.message}${suffix}`)];
}

/** Names the `{ properties: { field: { const } } }` conditions this library writes. */
function describeCondition(condition: unknown): string {
  const properties = (condition as { properties?: Record<string, { const?: unknown }> } | undefined)?.properties ?? {};
  const parts = Object.entries(properties)
    .filter(([, s]) => s && 'const' in s)
    .map(([name, s]) => `${name} is ${JSON.stringify(s.const)}`);
  return parts.length > 0 ? parts.join(' and ') : 'the condition holds';
}

function dedupe(issues: ValidationIssue[]): ValidationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = `${i.path}\u0000${i.rule}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
