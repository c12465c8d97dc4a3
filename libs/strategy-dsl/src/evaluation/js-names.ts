/** JavaScript's reserved words and the names generated code uses for itself: no local may take them. */
export const RESERVED_LOCALS: ReadonlySet<string> = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function if ' +
    'import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await async eval arguments undefined NaN Infinity ' +
    'lib bar isNew model score into p Math Number Float64Array Error ' +
    'finite and or not lessThan lessOrEqual greaterThan greaterOrEqual equal notEqual crossedAbove crossedBelow'
  ).split(' '),
);

/** Members the generated class defines itself: no node state may take them. */
export const RESERVED_MEMBERS: ReadonlySet<string> = new Set(
  'constructor onBar reviseBar evaluate setMlAdvice readSlots bars target targetBefore probe __proto__ prototype'.split(' '),
);

/**
 * Hands out unique JavaScript identifiers, as close to the wanted name as possible (node ids are
 * identifiers already; a clash gets a numeric suffix).
 */
export class NameAllocator {
  private readonly used: Set<string>;

  constructor(reserved: ReadonlySet<string>) {
    this.used = new Set(reserved);
  }

  take(wanted: string): string {
    const base = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(wanted) ? wanted : `n_${wanted.replace(/[^A-Za-z0-9_$]/g, '_')}`;
    let name = base;
    for (let i = 2; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }
}

/** `sma-cross` -> `SmaCrossStrategy` */
export function className(graphName: string): string {
  const words = graphName.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
  return /^[A-Za-z]/.test(pascal) ? `${pascal}Strategy` : 'CompiledStrategy';
}
