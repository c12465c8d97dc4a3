import { indicatorCatalog } from '../graph/indicator-catalog';

export interface FunctionDoc {
  readonly signature: string;
  readonly description: string;
}

/** The functions of the expression language that are not indicators. */
export const BUILTIN_FUNCTIONS: Readonly<Record<string, FunctionDoc>> = {
  crossUp: { signature: 'crossUp(a, b)', description: 'a crossed above b on this bar: a[t-1] < b[t-1] and a[t] > b[t] (strict).' },
  crossDown: { signature: 'crossDown(a, b)', description: 'a crossed below b on this bar: a[t-1] > b[t-1] and a[t] < b[t] (strict).' },
  above: {
    signature: 'above(x, level, hysteresis=0)',
    description: 'On when x > level + hysteresis, off when x <= level - hysteresis, otherwise as on the previous bar.',
  },
  below: {
    signature: 'below(x, level, hysteresis=0)',
    description: 'On when x < level - hysteresis, off when x >= level + hysteresis, otherwise as on the previous bar.',
  },
  lag: { signature: 'lag(x, bars=1)', description: 'x as it was `bars` bars ago.' },
  min: { signature: 'min(a, b)', description: 'The smaller of a and b.' },
  max: { signature: 'max(a, b)', description: 'The larger of a and b.' },
  abs: { signature: 'abs(x)', description: 'Absolute value.' },
  ml: { signature: "ml() | ml('model')", description: 'Latest ml.advice score (-1..1) for the instrument; not ready until advice arrives.' },
};

/** Every function of the expression language with its signature, for help texts and editor palettes. */
export function expressionFunctions(): Array<FunctionDoc & { name: string; kind: 'indicator' | 'builtin' }> {
  const indicators = [...indicatorCatalog.values()].map((def) => {
    const params = def.params.map((p) => (p.default !== undefined ? `${p.name}=${p.default}` : `${p.name}?`));
    const args = [...(def.input === 'series' ? ['source'] : []), ...params].join(', ');
    const outputs = def.outputs.length > 1 ? `.{${def.outputs.join('|')}}` : '';
    return { name: def.name, kind: 'indicator' as const, signature: `${def.name}(${args})${outputs}`, description: def.title };
  });
  const builtins = Object.entries(BUILTIN_FUNCTIONS).map(([name, doc]) => ({ name, kind: 'builtin' as const, ...doc }));
  return [...indicators, ...builtins];
}
