import type { Indicator, MultiOutputIndicator } from '@helios/indicators';
import type { StrategyGraph } from '../graph/graph-schema';
import type { ParamValues } from '../graph/params';
import { MAX_WEIGHT } from '../graph/validate-graph';
import type { BarValues, StrategyEvaluator } from './evaluator';
import { buildPlan, type EvaluationPlan, type PlanStep } from './plan';

/**
 * The reference evaluator: walks the plan once per bar, each node reading and writing numbered slots
 * of one Float64Array. Stateful nodes keep two copies of their state, as of the previous bar
 * (committed when the next bar starts) and as of the latest evaluation, so a revision of the latest
 * bar starts again from the previous bar's state.
 */
export function interpretGraph(graph: StrategyGraph | EvaluationPlan, params: ParamValues = {}): StrategyEvaluator {
  return new Interpreter('steps' in graph ? graph : buildPlan(graph, params));
}

interface Runner {
  run(v: Float64Array, bar: BarValues, isNew: boolean): void;
}

interface StatefulRunner extends Runner {
  /** A new bar starts: the latest evaluation becomes "the previous bar". */
  commit(): void;
}

class Interpreter implements StrategyEvaluator {
  private readonly slots: Float64Array;
  private readonly runners: Runner[];
  private readonly stateful: StatefulRunner[];
  private readonly ml: MlRunner[];
  private readonly targetRunner: TargetRunner;
  private count = 0;

  constructor(plan: EvaluationPlan) {
    this.slots = new Float64Array(plan.slots.length).fill(NaN);
    this.runners = plan.steps.map(runnerFor);
    this.stateful = this.runners.filter((r): r is StatefulRunner => 'commit' in r);
    this.ml = this.runners.filter((r): r is MlRunner => r instanceof MlRunner);
    this.targetRunner = this.runners.find((r): r is TargetRunner => r instanceof TargetRunner) as TargetRunner;
  }

  get target(): number {
    return this.targetRunner.now;
  }

  get bars(): number {
    return this.count;
  }

  onBar(bar: BarValues): number {
    return this.evaluate(bar, true);
  }

  reviseBar(bar: BarValues): number {
    return this.evaluate(bar, this.count === 0);
  }

  setMlAdvice(model: string, score: number): void {
    for (const m of this.ml) if (m.model === undefined || m.model === model) m.score = Number.isFinite(score) ? score : NaN;
  }

  readSlots(into: Float64Array): void {
    into.set(this.slots);
  }

  private evaluate(bar: BarValues, isNew: boolean): number {
    if (isNew) {
      this.count++;
      for (const r of this.stateful) r.commit();
    }
    const v = this.slots;
    for (const r of this.runners) r.run(v, bar, isNew);
    return this.targetRunner.now;
  }
}

function runnerFor(step: PlanStep): Runner {
  switch (step.kind) {
    case 'price':
      return new PriceRunner(step.field, step.out);
    case 'constant': {
      const { value, out } = step;
      return { run: (v) => void (v[out] = value) };
    }
    case 'indicator':
      return new IndicatorRunner(step);
    case 'arith':
      return new ArithRunner(step.op, step.a, step.b, step.out);
    case 'compare':
      return new CompareRunner(step.op, step.a, step.b, step.out);
    case 'cross':
      return new CrossRunner(step.direction === 'up', step.a, step.b, step.out);
    case 'logic':
      return new LogicRunner(step.op, step.a, step.b, step.out);
    case 'threshold':
      return new ThresholdRunner(step.direction === 'above', step.level - step.hysteresis, step.level + step.hysteresis, step.value, step.out);
    case 'lag':
      return new LagRunner(step.bars, step.value, step.out);
    case 'ml':
      return new MlRunner(step.model, step.out);
    case 'sizing':
      return new SizingRunner(step);
    case 'target':
      return new TargetRunner(step.weight);
  }
}

class PriceRunner implements Runner {
  constructor(
    private readonly field: string,
    private readonly out: number,
  ) {}

  run(v: Float64Array, bar: BarValues): void {
    switch (this.field) {
      case 'typical':
        v[this.out] = (bar.high + bar.low + bar.close) / 3;
        return;
      case 'median':
        v[this.out] = (bar.high + bar.low) / 2;
        return;
      case 'weighted':
        v[this.out] = (bar.high + bar.low + 2 * bar.close) / 4;
        return;
      default:
        v[this.out] = bar[this.field as keyof BarValues];
    }
  }
}

/**
 * Feeds the indicator once per bar, and only with a ready (non-NaN) input: while its input warms
 * up the indicator is not fed and its outputs are NaN. A revision replaces the input fed for the
 * latest bar; if the revised input is not ready, the outputs are NaN and the earlier input stays.
 */
class IndicatorRunner implements Runner {
  private readonly indicator: Indicator<unknown, unknown>;
  private readonly source: number;
  private readonly outs: readonly number[];
  private readonly ports: readonly string[];
  private readonly multi: boolean;
  private fed = false;

  constructor(step: Extract<PlanStep, { kind: 'indicator' }>) {
    this.indicator = step.def.create(step.args);
    this.source = step.source;
    this.outs = step.outs;
    this.ports = step.def.outputs;
    this.multi = step.outs.length > 1;
  }

  run(v: Float64Array, bar: BarValues, isNew: boolean): void {
    let input: unknown = bar;
    if (this.source >= 0) {
      const x = v[this.source];
      if (Number.isNaN(x)) {
        if (isNew) this.fed = false;
        for (const out of this.outs) v[out] = NaN;
        return;
      }
      input = x;
    }
    const result = isNew || !this.fed ? this.indicator.update(input) : this.indicator.replaceLast(input);
    this.fed = true;
    if (!this.multi) {
      v[this.outs[0]] = result === undefined ? NaN : (result as number);
      return;
    }
    const output = (this.indicator as MultiOutputIndicator<unknown, Record<string, number>>).output;
    for (let i = 0; i < this.outs.length; i++) v[this.outs[i]] = output[this.ports[i]];
  }
}

class ArithRunner implements Runner {
  constructor(
    private readonly op: string,
    private readonly a: number,
    private readonly b: number,
    private readonly out: number,
  ) {}

  run(v: Float64Array): void {
    const a = v[this.a];
    const b = this.b >= 0 ? v[this.b] : NaN;
    let r: number;
    switch (this.op) {
      case 'add':
        r = a + b;
        break;
      case 'sub':
        r = a - b;
        break;
      case 'mul':
        r = a * b;
        break;
      case 'div':
        r = a / b;
        break;
      case 'min':
        r = Math.min(a, b);
        break;
      case 'max':
        r = Math.max(a, b);
        break;
      case 'abs':
        r = Math.abs(a);
        break;
      default:
        r = -a;
    }
    // x/0 and overflow give +-Infinity: not a usable value, so "not ready" like a warming input.
    v[this.out] = Number.isFinite(r) ? r : NaN;
  }
}

class CompareRunner implements Runner {
  constructor(
    private readonly op: string,
    private readonly a: number,
    private readonly b: number,
    private readonly out: number,
  ) {}

  run(v: Float64Array): void {
    const a = v[this.a];
    const b = v[this.b];
    if (Number.isNaN(a) || Number.isNaN(b)) {
      v[this.out] = NaN;
      return;
    }
    let r: boolean;
    switch (this.op) {
      case 'lt':
        r = a < b;
        break;
      case 'le':
        r = a <= b;
        break;
      case 'gt':
        r = a > b;
        break;
      case 'ge':
        r = a >= b;
        break;
      case 'eq':
        r = a === b;
        break;
      default:
        r = a !== b;
    }
    v[this.out] = r ? 1 : 0;
  }
}

class CrossRunner implements StatefulRunner {
  private previousA = NaN;
  private previousB = NaN;
  private latestA = NaN;
  private latestB = NaN;

  constructor(
    private readonly up: boolean,
    private readonly a: number,
    private readonly b: number,
    private readonly out: number,
  ) {}

  commit(): void {
    this.previousA = this.latestA;
    this.previousB = this.latestB;
  }

  run(v: Float64Array): void {
    const a = (this.latestA = v[this.a]);
    const b = (this.latestB = v[this.b]);
    const pa = this.previousA;
    const pb = this.previousB;
    if (Number.isNaN(a) || Number.isNaN(b) || Number.isNaN(pa) || Number.isNaN(pb)) {
      v[this.out] = NaN;
      return;
    }
    v[this.out] = (this.up ? pa < pb && a > b : pa > pb && a < b) ? 1 : 0;
  }
}

class LogicRunner implements Runner {
  constructor(
    private readonly op: string,
    private readonly a: number,
    private readonly b: number,
    private readonly out: number,
  ) {}

  run(v: Float64Array): void {
    const a = v[this.a];
    if (this.op === 'not') {
      v[this.out] = Number.isNaN(a) ? NaN : a === 1 ? 0 : 1;
      return;
    }
    const b = v[this.b];
    if (Number.isNaN(a) || Number.isNaN(b)) v[this.out] = NaN;
    else if (this.op === 'and') v[this.out] = a === 1 && b === 1 ? 1 : 0;
    else v[this.out] = a === 1 || b === 1 ? 1 : 0;
  }
}

class ThresholdRunner implements StatefulRunner {
  private previousOn = 0;
  private on = 0;

  constructor(
    private readonly above: boolean,
    private readonly low: number,
    private readonly high: number,
    private readonly value: number,
    private readonly out: number,
  ) {}

  commit(): void {
    this.previousOn = this.on;
  }

  run(v: Float64Array): void {
    const x = v[this.value];
    if (Number.isNaN(x)) {
      this.on = this.previousOn;
      v[this.out] = NaN;
      return;
    }
    const wasOn = this.previousOn === 1;
    if (this.above) this.on = wasOn ? (x <= this.low ? 0 : 1) : x > this.high ? 1 : 0;
    else this.on = wasOn ? (x >= this.high ? 0 : 1) : x < this.low ? 1 : 0;
    v[this.out] = this.on;
  }
}

class LagRunner implements StatefulRunner {
  /** Values of the last `bars` committed bars; `at` is the oldest. */
  private readonly ring: Float64Array;
  private at = 0;
  private latest = NaN;

  constructor(
    bars: number,
    private readonly value: number,
    private readonly out: number,
  ) {
    this.ring = new Float64Array(bars).fill(NaN);
  }

  commit(): void {
    this.ring[this.at] = this.latest;
    this.at = (this.at + 1) % this.ring.length;
  }

  run(v: Float64Array): void {
    this.latest = v[this.value];
    v[this.out] = this.ring[this.at];
  }
}

class MlRunner implements Runner {
  score = NaN;

  constructor(
    readonly model: string | undefined,
    private readonly out: number,
  ) {}

  run(v: Float64Array): void {
    v[this.out] = this.score;
  }
}

class SizingRunner implements StatefulRunner {
  private previous = 0;
  private latest = 0;
  private readonly step: Extract<PlanStep, { kind: 'sizing' }>;

  constructor(step: Extract<PlanStep, { kind: 'sizing' }>) {
    this.step = step;
  }

  commit(): void {
    this.previous = this.latest;
  }

  run(v: Float64Array): void {
    const s = this.step;
    if (s.mode === 'proportional') {
      const signal = v[s.signal];
      this.latest = Number.isNaN(signal) ? this.previous : Math.max(-s.weight, Math.min(s.weight, signal * s.scale));
    } else {
      const entry = v[s.entry] === 1;
      const exit = s.exit >= 0 && v[s.exit] === 1;
      const exitWeight = s.mode === 'long-short' ? -s.weight : 0;
      // Both signals at once contradict each other: keep the position.
      if (entry && !exit) this.latest = s.weight;
      else if (exit && !entry) this.latest = exitWeight;
      else this.latest = this.previous;
    }
    v[s.out] = this.latest;
  }
}

class TargetRunner implements StatefulRunner {
  private previous = 0;
  now = 0;

  constructor(private readonly weight: number) {}

  commit(): void {
    this.previous = this.now;
  }

  run(v: Float64Array): void {
    const x = v[this.weight];
    // Clamped to what a strategy.intent may carry; a not-ready input keeps the previous target.
    this.now = Number.isNaN(x) ? this.previous : Math.max(-MAX_WEIGHT, Math.min(MAX_WEIGHT, x));
  }
}
