import { STRATEGY_GRAPH_SCHEMA_ID, type StrategyGraph } from '../graph/graph-schema';
import { indicatorClasses, numberSource } from '../graph/indicator-catalog';
import type { ParamValues } from '../graph/params';
import { MAX_WEIGHT } from '../graph/validate-graph';
import type { StrategyEvaluator } from './evaluator';
import { className, NameAllocator, RESERVED_LOCALS, RESERVED_MEMBERS } from './js-names';
import { buildPlan, type EvaluationPlan, type PlanStep } from './plan';

export interface CompileOptions {
  /** Also keep every slot value after each bar, for `readSlots` (tests, debugging views). */
  readonly probe?: boolean;
}

/** A graph turned into JavaScript: the source to show, and a factory of evaluators running it. */
export interface CompiledStrategy {
  readonly plan: EvaluationPlan;
  /** The generated source: the body of `function (lib) { ... }` that returns the class. */
  readonly source: string;
  create(): StrategyEvaluator;
}

type Ctor = new () => StrategyEvaluator;

/**
 * Generates readable JavaScript for a graph (one class holding the indicator instances and the
 * previous-bar values, `evaluate` computing every node in topological order into plain locals) and
 * loads it with `new Function`, the "visual to native" step.
 */
export function compileGraph(graph: StrategyGraph | EvaluationPlan, params: ParamValues = {}, options: CompileOptions = {}): CompiledStrategy {
  const plan = 'steps' in graph ? graph : buildPlan(graph, params);
  const source = generateSource(plan, options);
  const Strategy = load(source);
  return { plan, source, create: () => new Strategy() };
}

/**
 * Loaded classes by source. Each `new Function` is new code that the JIT optimises from scratch
 * (a few hundred microseconds before it runs at full speed); reusing the class for the same source
 * lets every decider or run of one strategy share the optimised code. Bounded, oldest out first.
 */
const loaded = new Map<string, Ctor>();
const MAX_LOADED = 64;

function load(source: string): Ctor {
  let Strategy = loaded.get(source);
  if (Strategy === undefined) {
    // The generated code sees only the indicator classes it is handed: no module scope, no globals of ours.
    Strategy = new Function('lib', source)(indicatorClasses) as Ctor;
    if (loaded.size >= MAX_LOADED) loaded.delete(loaded.keys().next().value as string);
    loaded.set(source, Strategy);
  }
  return Strategy;
}

const HELPERS: Record<string, string> = {
  finite: '/** x/0 and overflow give +-Infinity, which is no usable value: not ready. */\nfunction finite(x) { return x - x === 0 ? x : NaN; }',
  lessThan: 'function lessThan(a, b) { return a !== a || b !== b ? NaN : a < b ? 1 : 0; }',
  lessOrEqual: 'function lessOrEqual(a, b) { return a !== a || b !== b ? NaN : a <= b ? 1 : 0; }',
  greaterThan: 'function greaterThan(a, b) { return a !== a || b !== b ? NaN : a > b ? 1 : 0; }',
  greaterOrEqual: 'function greaterOrEqual(a, b) { return a !== a || b !== b ? NaN : a >= b ? 1 : 0; }',
  equal: 'function equal(a, b) { return a !== a || b !== b ? NaN : a === b ? 1 : 0; }',
  notEqual: 'function notEqual(a, b) { return a !== a || b !== b ? NaN : a !== b ? 1 : 0; }',
  crossedAbove:
    '/** a crossed above b on this bar: a0, b0 are their values on the previous bar (strict on both bars). */\n' +
    'function crossedAbove(a0, b0, a, b) { return a0 !== a0 || b0 !== b0 || a !== a || b !== b ? NaN : a0 < b0 && a > b ? 1 : 0; }',
  crossedBelow:
    'function crossedBelow(a0, b0, a, b) { return a0 !== a0 || b0 !== b0 || a !== a || b !== b ? NaN : a0 > b0 && a < b ? 1 : 0; }',
  and: 'function and(a, b) { return a !== a || b !== b ? NaN : a === 1 && b === 1 ? 1 : 0; }',
  or: 'function or(a, b) { return a !== a || b !== b ? NaN : a === 1 || b === 1 ? 1 : 0; }',
  not: 'function not(a) { return a !== a ? NaN : a === 1 ? 0 : 1; }',
};

const COMPARE_HELPER = { lt: 'lessThan', le: 'lessOrEqual', gt: 'greaterThan', ge: 'greaterOrEqual', eq: 'equal', ne: 'notEqual' } as const;
const COMPARE_SYMBOL = { lt: '<', le: '<=', gt: '>', ge: '>=', eq: '==', ne: '!=' } as const;
const ARITH = {
  add: (a: string, b: string) => `${a} + ${b}`,
  sub: (a: string, b: string) => `${a} - ${b}`,
  mul: (a: string, b: string) => `${a} * ${b}`,
  div: (a: string, b: string) => `${a} / ${b}`,
  min: (a: string, b: string) => `Math.min(${a}, ${b})`,
  max: (a: string, b: string) => `Math.max(${a}, ${b})`,
  abs: (a: string) => `Math.abs(${a})`,
  neg: (a: string) => `-${a}`,
} as const;
const PRICE = {
  open: 'bar.open',
  high: 'bar.high',
  low: 'bar.low',
  close: 'bar.close',
  volume: 'bar.volume',
  typical: '(bar.high + bar.low + bar.close) / 3',
  median: '(bar.high + bar.low) / 2',
  weighted: '(bar.high + bar.low + 2 * bar.close) / 4',
} as const;

/** Collects the pieces of the class while the steps are visited in order. */
class Emitter {
  readonly names = new NameAllocator(RESERVED_LOCALS);
  readonly members = new NameAllocator(RESERVED_MEMBERS);
  readonly helpers = new Set<string>();
  readonly classes = new Set<string>();
  readonly fields: string[] = [];
  readonly commits: string[] = [];
  readonly body: string[] = [];
  readonly ml: string[] = [];
  /** Local variable of each slot. */
  readonly locals: string[] = [];

  helper(name: keyof typeof HELPERS): string {
    this.helpers.add(name);
    return name;
  }

  field(wanted: string, init: string, comment?: string): string {
    const name = this.members.take(wanted);
    this.fields.push(`this.${name} = ${init};${comment ? ` // ${comment}` : ''}`);
    return `this.${name}`;
  }

  local(slot: number, wanted: string): string {
    return (this.locals[slot] = this.names.take(wanted));
  }
}

export function generateSource(plan: EvaluationPlan, options: CompileOptions = {}): string {
  const e = new Emitter();
  const name = e.names.take(className(plan.name));
  for (const step of plan.steps) emitStep(e, plan, step);

  const probe = options.probe === true;
  const indent = (lines: string[], n: number) => lines.flatMap((l) => l.split('\n')).map((l) => ' '.repeat(n) + l);
  const out: string[] = [
    `// Strategy ${JSON.stringify(plan.name)} (${STRATEGY_GRAPH_SCHEMA_ID}), generated by @helios/strategy-dsl. Do not edit: edit the graph.`,
    '// One instance evaluates one instrument: onBar(bar) evaluates the next bar, reviseBar(bar) evaluates the latest bar',
    '// again with revised values (indicators replace their last input; previous-bar values stay).',
    '// Booleans are numbers: 1 true, 0 false, NaN not ready (an input is still warming up).',
    "'use strict';",
  ];
  if (e.classes.size > 0) out.push(`const { ${[...e.classes].sort().join(', ')} } = lib;`);
  for (const h of Object.keys(HELPERS)) if (e.helpers.has(h)) out.push(HELPERS[h]);
  out.push(
    '',
    `class ${name} {`,
    '  constructor() {',
    '    this.bars = 0;',
    '    this.target = 0; // target weight after the latest evaluation',
    '    this.targetBefore = 0; // ... after the previous bar',
    ...indent(e.fields, 4),
    ...(probe ? [`    this.probe = new Float64Array(${plan.slots.length}).fill(NaN);`] : []),
    '  }',
    '',
    '  onBar(bar) {',
    '    return this.evaluate(bar, true);',
    '  }',
    '',
    '  reviseBar(bar) {',
    '    return this.evaluate(bar, this.bars === 0);',
    '  }',
    '',
    '  setMlAdvice(model, score) {',
    ...(e.ml.length > 0 ? ['    score = Number.isFinite(score) ? score : NaN;', ...indent(e.ml, 4)] : ['    // no ml node reads advice']),
    '  }',
    '',
    '  readSlots(into) {',
    probe ? '    into.set(this.probe);' : "    throw new Error('compiled without { probe: true }: slot values are not kept');",
    '  }',
    '',
    '  evaluate(bar, isNew) {',
    '    if (isNew) {',
    '      this.bars++;',
    '      // The latest evaluation becomes the previous bar.',
    ...indent(e.commits, 6),
    '      this.targetBefore = this.target;',
    '    }',
    ...indent(e.body, 4),
    ...(probe ? [`    const p = this.probe;`, ...plan.slots.map((s) => `    p[${s.index}] = ${e.locals[s.index]};`)] : []),
    '    return this.target;',
    '  }',
    '}',
    `return ${name};`,
    '',
  );
  return out.join('\n');
}

function emitStep(e: Emitter, plan: EvaluationPlan, step: PlanStep): void {
  const v = (slot: number) => e.locals[slot];
  switch (step.kind) {
    case 'price':
      e.body.push(`const ${e.local(step.out, step.id)} = ${PRICE[step.field]};`);
      return;
    case 'constant':
      e.body.push(`const ${e.local(step.out, step.id)} = ${numberSource(step.value)};`);
      return;
    case 'indicator':
      emitIndicator(e, plan, step);
      return;
    case 'arith': {
      const expr = step.b >= 0 ? ARITH[step.op](v(step.a), v(step.b)) : (ARITH[step.op] as (a: string) => string)(v(step.a));
      e.body.push(`const ${e.local(step.out, step.id)} = ${e.helper('finite')}(${expr});`);
      return;
    }
    case 'compare':
      e.body.push(
        `const ${e.local(step.out, step.id)} = ${e.helper(COMPARE_HELPER[step.op])}(${v(step.a)}, ${v(step.b)}); // ${v(step.a)} ${COMPARE_SYMBOL[step.op]} ${v(step.b)}`,
      );
      return;
    case 'cross': {
      const a = v(step.a);
      const b = v(step.b);
      const a0 = e.field(`${step.id}_a0`, 'NaN', `${a} on the previous bar`);
      const b0 = e.field(`${step.id}_b0`, 'NaN', `${b} on the previous bar`);
      const a1 = e.field(`${step.id}_a`, 'NaN', `${a} on the latest bar`);
      const b1 = e.field(`${step.id}_b`, 'NaN', `${b} on the latest bar`);
      e.commits.push(`${a0} = ${a1};`, `${b0} = ${b1};`);
      const fn = e.helper(step.direction === 'up' ? 'crossedAbove' : 'crossedBelow');
      e.body.push(`${a1} = ${a};`, `${b1} = ${b};`, `const ${e.local(step.out, step.id)} = ${fn}(${a0}, ${b0}, ${a}, ${b});`);
      return;
    }
    case 'logic': {
      const args = step.op === 'not' ? v(step.a) : `${v(step.a)}, ${v(step.b)}`;
      e.body.push(`const ${e.local(step.out, step.id)} = ${e.helper(step.op)}(${args});`);
      return;
    }
    case 'threshold': {
      const x = v(step.value);
      const low = numberSource(step.level - step.hysteresis);
      const high = numberSource(step.level + step.hysteresis);
      const before = e.field(`${step.id}_onBefore`, '0', 'state after the previous bar (1 on, 0 off)');
      const on = e.field(`${step.id}_on`, '0', 'state after the latest evaluation');
      e.commits.push(`${before} = ${on};`);
      const rule =
        step.direction === 'above'
          ? `${before} === 1 ? (${x} <= ${low} ? 0 : 1) : ${x} > ${high} ? 1 : 0`
          : `${before} === 1 ? (${x} >= ${high} ? 0 : 1) : ${x} < ${low} ? 1 : 0`;
      const when = step.direction === 'above' ? `on above ${high}, off at or below ${low}` : `on below ${low}, off at or above ${high}`;
      e.body.push(
        `// ${step.id}: ${x} ${step.direction} ${numberSource(step.level)}: ${when}; holds in between`,
        `${on} = ${x} !== ${x} ? ${before} : ${rule};`,
        `const ${e.local(step.out, step.id)} = ${x} !== ${x} ? NaN : ${on};`,
      );
      return;
    }
    case 'lag': {
      const x = v(step.value);
      const latest = e.field(`${step.id}_latest`, 'NaN', `${x} on the latest bar`);
      if (step.bars === 1) {
        const previous = e.field(`${step.id}_previous`, 'NaN', `${x} on the previous bar`);
        e.commits.push(`${previous} = ${latest};`);
        e.body.push(`${latest} = ${x};`, `const ${e.local(step.out, step.id)} = ${previous}; // ${x} one bar ago`);
        return;
      }
      const ring = e.field(`${step.id}_ring`, `new Float64Array(${step.bars}).fill(NaN)`, `${x} on the last ${step.bars} bars before the latest`);
      const at = e.field(`${step.id}_at`, '0', 'index of the oldest value in the ring');
      e.commits.push(`${ring}[${at}] = ${latest};`, `${at} = ${at} === ${step.bars - 1} ? 0 : ${at} + 1;`);
      e.body.push(`${latest} = ${x};`, `const ${e.local(step.out, step.id)} = ${ring}[${at}]; // ${x} ${step.bars} bars ago`);
      return;
    }
    case 'ml': {
      const score = e.field(`${step.id}_score`, 'NaN', `latest advice score${step.model ? ` of model ${step.model}` : ''}`);
      e.ml.push(step.model === undefined ? `${score} = score;` : `if (model === ${JSON.stringify(step.model)}) ${score} = score;`);
      e.body.push(`const ${e.local(step.out, step.id)} = ${score};`);
      return;
    }
    case 'sizing':
      emitSizing(e, step);
      return;
    case 'target': {
      const x = v(step.weight);
      e.body.push(
        `// Target weight, clamped to +-${MAX_WEIGHT}; not ready keeps the previous target.`,
        `this.target = ${x} !== ${x} ? this.targetBefore : Math.max(-${MAX_WEIGHT}, Math.min(${MAX_WEIGHT}, ${x}));`,
      );
      return;
    }
  }
}

function emitIndicator(e: Emitter, plan: EvaluationPlan, step: Extract<PlanStep, { kind: 'indicator' }>): void {
  const def = step.def;
  e.classes.add(def.className);
  const instance = e.field(step.id, `new ${def.className}(${def.constructorSource(step.args)})`);
  const input = step.source >= 0 ? e.locals[step.source] : 'bar';
  const multi = step.outs.length > 1;
  const locals = step.outs.map((slot, i) => e.local(slot, multi ? `${step.id}_${def.outputs[i]}` : step.id));
  const call = (method: string) => `${instance}.${method}(${input})`;
  e.body.push(`// ${step.id} = ${def.name}(${[step.source >= 0 ? input : '', ...step.args.map((a) => (a === undefined ? '' : numberSource(a)))].filter(Boolean).join(', ')})`);

  const alwaysReady = step.source < 0 || plan.slots[step.source].alwaysReady;
  if (alwaysReady) {
    if (!multi) {
      e.body.push(`const ${locals[0]} = (isNew ? ${call('update')} : ${call('replaceLast')}) ?? NaN;`);
      return;
    }
    e.body.push(`if (isNew) ${call('update')};`, `else ${call('replaceLast')};`);
    locals.forEach((l, i) => e.body.push(`const ${l} = ${instance}.output.${def.outputs[i]};`));
    return;
  }
  // The input may not be ready: the indicator is fed only on bars where it is.
  const fed = e.field(`${step.id}_fed`, 'false', 'fed on the latest bar');
  const next = `isNew || !${fed} ? ${call('update')} : ${call('replaceLast')}`;
  e.body.push(`let ${locals.map((l) => `${l} = NaN`).join(', ')};`, `if (${input} === ${input}) {`);
  if (!multi) e.body.push(`  ${locals[0]} = (${next}) ?? NaN;`);
  else {
    e.body.push(`  ${next};`);
    locals.forEach((l, i) => e.body.push(`  ${l} = ${instance}.output.${def.outputs[i]};`));
  }
  e.body.push(`  ${fed} = true;`, `} else if (isNew) ${fed} = false;`);
}

function emitSizing(e: Emitter, step: Extract<PlanStep, { kind: 'sizing' }>): void {
  const before = e.field(`${step.id}_before`, '0', 'weight after the previous bar');
  const latest = e.field(`${step.id}_latest`, '0', 'weight after the latest evaluation');
  e.commits.push(`${before} = ${latest};`);
  const w = numberSource(step.weight);
  if (step.mode === 'proportional') {
    const s = e.locals[step.signal];
    e.body.push(
      `// proportional sizing: ${s} x ${numberSource(step.scale)}, clamped to +-${w}; not ready holds`,
      `${latest} = ${s} !== ${s} ? ${before} : Math.max(-${w}, Math.min(${w}, ${s} * ${numberSource(step.scale)}));`,
    );
  } else {
    const entry = e.locals[step.entry];
    const exitWeight = step.mode === 'long-short' ? `-${w}` : '0';
    if (step.exit < 0) {
      e.body.push(`// ${step.mode} sizing: ${entry} -> ${w}, otherwise hold`, `${latest} = ${entry} === 1 ? ${w} : ${before};`);
    } else {
      const exit = e.locals[step.exit];
      e.body.push(
        `// ${step.mode} sizing: ${entry} -> ${w}, ${exit} -> ${exitWeight}; neither or both: hold`,
        `${latest} = ${entry} === 1 ? (${exit} === 1 ? ${before} : ${w}) : ${exit} === 1 ? ${exitWeight} : ${before};`,
      );
    }
  }
  e.body.push(`const ${e.local(step.out, step.id)} = ${latest};`);
}
