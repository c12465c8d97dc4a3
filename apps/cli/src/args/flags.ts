import { UsageError } from './usage-error';

export type FlagKind = 'string' | 'number' | 'integer' | 'boolean';

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  description: string;
  /** Shown in help: `--data FILE`. */
  valueName?: string;
  required?: boolean;
  /** May be given several times; the values come back as an array. */
  repeatable?: boolean;
  default?: string | number | boolean;
  /** For numbers: the smallest allowed value, and whether it is allowed itself. */
  min?: number;
  minExclusive?: boolean;
  /** For numbers: the largest allowed value. */
  max?: number;
}

export type FlagValue = string | number | boolean;
export type ParsedFlags = Record<string, FlagValue | FlagValue[] | undefined>;

/**
 * Parses `--name value`, `--name=value` and bare `--flag` (booleans) against the command's flags.
 * Anything else (an unknown flag, a positional argument, a missing or malformed value, a required
 * flag left out, a flag given twice) is a UsageError naming the flag.
 */
export function parseFlags(command: string, argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const values: ParsedFlags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`${command}: unexpected argument ${JSON.stringify(arg)} (flags start with --; see ${command} --help)`);
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = byName.get(name);
    if (spec === undefined) throw new UsageError(`${command}: unknown flag --${name} (see ${command} --help)`);
    let raw: string;
    if (eq >= 0) {
      raw = arg.slice(eq + 1);
    } else if (spec.kind === 'boolean') {
      raw = 'true';
    } else {
      if (i + 1 >= argv.length) throw new UsageError(`${command}: flag --${name} needs a value (${spec.valueName ?? spec.kind})`);
      raw = argv[++i];
    }
    const value = convert(command, spec, raw);
    if (spec.repeatable) {
      const list = (values[name] as FlagValue[] | undefined) ?? [];
      list.push(value);
      values[name] = list;
    } else {
      if (values[name] !== undefined) throw new UsageError(`${command}: flag --${name} is given more than once`);
      values[name] = value;
    }
  }
  for (const spec of specs) {
    if (values[spec.name] !== undefined) continue;
    if (spec.required) throw new UsageError(`${command}: missing required flag --${spec.name} (see ${command} --help)`);
    if (spec.repeatable) values[spec.name] = [];
    else if (spec.default !== undefined) values[spec.name] = spec.default;
  }
  return values;
}

function convert(command: string, spec: FlagSpec, raw: string): FlagValue {
  const flag = `--${spec.name}`;
  switch (spec.kind) {
    case 'string':
      if (raw.length === 0) throw new UsageError(`${command}: flag ${flag} needs a non-empty value`);
      return raw;
    case 'boolean':
      if (raw === 'true') return true;
      if (raw === 'false') return false;
      throw new UsageError(`${command}: flag ${flag} is true or false, got ${JSON.stringify(raw)}`);
    case 'number':
    case 'integer': {
      const value = raw.trim() === '' ? NaN : Number(raw);
      if (!Number.isFinite(value)) throw new UsageError(`${command}: flag ${flag} must be a number, got ${JSON.stringify(raw)}`);
      if (spec.kind === 'integer' && !Number.isSafeInteger(value)) {
        throw new UsageError(`${command}: flag ${flag} must be a whole number, got ${JSON.stringify(raw)}`);
      }
      if (spec.min !== undefined && (spec.minExclusive ? value <= spec.min : value < spec.min)) {
        throw new UsageError(`${command}: flag ${flag} must be ${spec.minExclusive ? '>' : '>='} ${spec.min}, got ${raw}`);
      }
      if (spec.max !== undefined && value > spec.max) throw new UsageError(`${command}: flag ${flag} must be <= ${spec.max}, got ${raw}`);
      return value;
    }
  }
}

/** The help block listing flags, aligned. */
export function formatFlagHelp(specs: readonly FlagSpec[]): string {
  const rows = specs.map((s) => {
    const left = `--${s.name}${s.kind === 'boolean' ? '' : ` ${s.valueName ?? s.kind.toUpperCase()}`}`;
    const notes: string[] = [];
    if (s.required) notes.push('required');
    if (s.repeatable) notes.push('repeatable');
    if (s.default !== undefined && s.kind !== 'boolean') notes.push(`default ${String(s.default)}`);
    return [left, notes.length > 0 ? `${s.description} (${notes.join('; ')})` : s.description];
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}
