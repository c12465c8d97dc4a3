import type { TSchema } from 'typebox';
import { Compile, type Validator } from 'typebox/compile';
import { graphIssue, type GraphIssue, type IssueLocation } from './graph-issues';

const compiled = new WeakMap<object, Validator>();

function validator(schema: TSchema): Validator {
  let v = compiled.get(schema);
  if (!v) {
    v = Compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** `/params/period` -> `params.period` */
function fieldName(path: string, prefix: string): string | undefined {
  const full = `${prefix}${path}`.replace(/^\//, '').replace(/\//g, '.');
  return full === '' ? undefined : full;
}

/**
 * Checks `value` against `schema`; each error becomes a `schema` issue at `where` with the failing
 * field named. An `anyOf` (number or `$param`) is reported once, not once per branch.
 */
export function schemaIssues(schema: TSchema, value: unknown, where: IssueLocation, prefix = ''): GraphIssue[] {
  const v = validator(schema);
  if (v.Check(value)) return [];
  const errors = [...v.Errors(value)];
  const unions = new Set(errors.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const issues: GraphIssue[] = [];
  const seen = new Set<string>();
  const add = (path: string, detail: string) => {
    const issue = graphIssue('schema', { ...where, field: fieldName(path, prefix) }, detail);
    if (!seen.has(issue.message)) issues.push(issue);
    seen.add(issue.message);
  };
  for (const e of errors) {
    if (unions.has(e.instancePath) && e.keyword !== 'anyOf') continue;
    switch (e.keyword) {
      case 'anyOf':
        add(e.instancePath, 'must be a number or a $parameter reference');
        break;
      case 'required':
        for (const name of e.params.requiredProperties) add(`${e.instancePath}/${name}`, 'is required');
        break;
      case 'additionalProperties':
        for (const name of e.params.additionalProperties) add(`${e.instancePath}/${name}`, 'is not an allowed property');
        break;
      case 'enum':
        add(e.instancePath, `must be one of ${e.params.allowedValues.map((x) => JSON.stringify(x)).join(', ')}`);
        break;
      case 'boolean':
        // `additionalProperties: false` fails once more as a false schema; already reported by name.
        if (!e.schemaPath.endsWith('/additionalProperties')) add(e.instancePath, 'must be absent');
        break;
      case 'const':
        add(e.instancePath, `must be ${JSON.stringify(e.params.allowedValue)}`);
        break;
      default:
        add(e.instancePath, e.message);
    }
  }
  return issues;
}
