import { parseParamAssignments, templates } from '@helios/strategy-dsl';
import type { FlagSpec, ParsedFlags } from '../args/flags';
import { UsageError } from '../args/usage-error';
import { resolveStrategySource, type StrategySource } from '../strategy/strategy-source';

export const STRATEGY_FLAGS: FlagSpec[] = [
  {
    name: 'strategy',
    kind: 'string',
    valueName: 'T|FILE|EXPR',
    required: true,
    description: `a template (${Object.keys(templates).join(', ')}), a graph/spec .json file, or an entry expression`,
  },
  { name: 'param', kind: 'string', valueName: 'K=V', repeatable: true, description: 'set a strategy parameter' },
  { name: 'exit', kind: 'string', valueName: 'EXPR', description: 'exit condition of an expression strategy (default: not the entry)' },
];

export function readStrategyFlags(flags: ParsedFlags, cwd: string): { source: StrategySource; params: Record<string, number> } {
  const source = resolveStrategySource(flags['strategy'] as string, cwd, flags['exit'] as string | undefined);
  let params: Record<string, number>;
  try {
    params = parseParamAssignments(flags['param'] as string[]);
  } catch (error) {
    throw new UsageError(`--param: ${(error as Error).message}`);
  }
  return { source, params };
}

export function strategyHelp(): string {
  return Object.values(templates)
    .map((t) => `  ${t.name}: ${t.description}\n    params: ${t.params.map((p) => `${p.name}=${p.default} (${p.type} ${p.min}..${p.max})`).join(', ')}`)
    .join('\n');
}
