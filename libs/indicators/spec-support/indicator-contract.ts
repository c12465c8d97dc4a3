/**
 * The behaviour every indicator promises (see `Indicator` in src/indicator.ts), as a reusable jest
 * suite. Run it with the indicator's default parameters on a long real-looking series.
 */
import type { Indicator, MultiOutputIndicator } from '../src/indicator';

export interface ContractCase<In, Out> {
  readonly create: () => Indicator<In, Out>;
  readonly inputs: readonly In[];
  /** A different input, fed first and then replaced (to exercise replaceLast). */
  readonly perturb: (input: In, index: number) => In;
}

/** The value as plain numbers (copied: multi-output indicators mutate one object). */
export function snapshot(value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return [value];
  return Object.values(value as Record<string, number>);
}

function isMultiOutput<In, Out>(indicator: Indicator<In, Out>): indicator is Indicator<In, Out> & MultiOutputIndicator<In, Out & object> {
  return 'output' in indicator && 'warmups' in indicator;
}

function firstDifference(a: (number[] | undefined)[], b: (number[] | undefined)[]): string | undefined {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    const same =
      x === undefined || y === undefined ? x === y : x.length === y.length && x.every((v, k) => Object.is(v, y[k]));
    if (!same) return `input #${i}: ${JSON.stringify(x)} != ${JSON.stringify(y)}`;
  }
  return undefined;
}

export function run<In, Out>(indicator: Indicator<In, Out>, inputs: readonly In[]): (number[] | undefined)[] {
  return inputs.map((input) => snapshot(indicator.update(input)));
}

export function describeIndicatorContract<In, Out>(label: string, contract: ContractCase<In, Out>): void {
  const { create, inputs, perturb } = contract;

  describe(`${label} honours the Indicator contract`, () => {
    const straight = run(create(), inputs);

    it('returns its first value exactly at input #warmup-1, and a value on every input after', () => {
      const { warmup } = create();
      expect(warmup).toBeGreaterThanOrEqual(1);
      expect(inputs.length).toBeGreaterThan(warmup + 100);
      const firstValue = straight.findIndex((v) => v !== undefined);
      expect(firstValue).toBe(warmup - 1);
      expect(straight.slice(warmup - 1).every((v) => v !== undefined)).toBe(true);
    });

    it('reports isReady, count and value consistently before and after the warm-up', () => {
      const indicator = create();
      expect([indicator.isReady, indicator.count, indicator.value]).toEqual([false, 0, undefined]);
      const wrong: string[] = [];
      inputs.forEach((input, i) => {
        const returned = indicator.update(input);
        if (indicator.count !== i + 1) wrong.push(`#${i}: count ${indicator.count}`);
        if (indicator.isReady !== i + 1 >= indicator.warmup) wrong.push(`#${i}: isReady ${indicator.isReady}`);
        if (indicator.value !== returned) wrong.push(`#${i}: value ${String(indicator.value)} != returned ${String(returned)}`);
      });
      expect(wrong).toEqual([]);
    });

    it('next() equals update(), with NaN (scalar) or the output object (multi-output) while warming up', () => {
      const viaNext = create();
      const wrong: string[] = [];
      const values = inputs.map((input, i) => {
        const value = viaNext.next(input);
        if (isMultiOutput(viaNext)) {
          if (value !== viaNext.output) wrong.push(`#${i}: not the output object`);
          return viaNext.isReady ? snapshot(value) : undefined;
        }
        if (typeof value !== 'number') wrong.push(`#${i}: ${String(value)} is not a number`);
        if (!viaNext.isReady && !Number.isNaN(value)) wrong.push(`#${i}: ${String(value)} while warming up`);
        return viaNext.isReady ? snapshot(value) : undefined;
      });
      expect(wrong).toEqual([]);
      expect(firstDifference(values, straight)).toBeUndefined();
    });

    it('never yields NaN or Infinity once ready', () => {
      const bad = straight.findIndex((v) => v !== undefined && v.some((x) => !Number.isFinite(x)));
      expect(bad).toBe(-1);
    });

    it('makes each output part available exactly at its declared warm-up (multi-output only)', () => {
      const indicator = create();
      if (!isMultiOutput(indicator)) {
        expect('output' in indicator).toBe(false);
        return;
      }
      const warmups = indicator.warmups as Record<string, number>;
      const keys = Object.keys(indicator.output);
      expect(Object.keys(warmups).sort()).toEqual([...keys].sort());
      expect(Math.max(...Object.values(warmups))).toBe(indicator.warmup);
      const firstFinite: Record<string, number> = {};
      const wrong: string[] = [];
      inputs.forEach((input, i) => {
        const returned = indicator.update(input);
        if (returned !== undefined && returned !== indicator.output) wrong.push(`#${i}: not the output object`);
        const output = indicator.output as Record<string, number>;
        for (const key of keys) {
          if (firstFinite[key] === undefined && !Number.isNaN(output[key])) firstFinite[key] = i;
          if (firstFinite[key] !== undefined && !Number.isFinite(output[key])) wrong.push(`#${i}: ${key} = ${output[key]}`);
        }
      });
      expect(wrong).toEqual([]);
      expect(keys.map((key) => [key, firstFinite[key]])).toEqual(keys.map((key) => [key, warmups[key] - 1]));
    });

    it('replaceLast after a different input equals feeding the right input: bit-identical at every index', () => {
      const replaced = create();
      const countChanged: number[] = [];
      const values = inputs.map((input, i) => {
        replaced.update(perturb(input, i));
        if (i % 3 === 0) replaced.replaceLast(perturb(perturb(input, i), i + 1)); // replace twice sometimes
        const count = replaced.count;
        const value = snapshot(replaced.replaceLast(input));
        if (replaced.count !== count) countChanged.push(i);
        return value;
      });
      expect(countChanged).toEqual([]);
      expect(firstDifference(values, straight)).toBeUndefined();
    });

    it('replaceLast equals a fresh instance fed inputs 0..i (checked at the warm-up edges and samples)', () => {
      const { warmup } = create();
      const indices = [0, 1, warmup - 2, warmup - 1, warmup, warmup + 1, 2 * warmup + 3, 997, inputs.length - 1];
      for (const i of indices.filter((k) => k >= 0 && k < inputs.length)) {
        const indicator = create();
        inputs.slice(0, i).forEach((input) => indicator.update(input));
        indicator.update(perturb(inputs[i], i));
        const viaReplace = snapshot(indicator.replaceLast(inputs[i]));
        const fresh = create();
        const prefix = inputs.slice(0, i + 1).map((input) => snapshot(fresh.update(input)));
        expect([i, viaReplace]).toEqual([i, prefix[i]]);
        expect(firstDifference([viaReplace], [straight[i]])).toBeUndefined();
      }
    });

    it('reset() returns to the initial state: same outputs as a fresh instance', () => {
      const indicator = create();
      run(indicator, inputs.slice(0, 777).map((input, i) => perturb(input, i)));
      indicator.reset();
      expect([indicator.isReady, indicator.count, indicator.value]).toEqual([false, 0, undefined]);
      if (isMultiOutput(indicator)) {
        expect(Object.values(indicator.output).every((x) => Number.isNaN(x))).toBe(true);
      }
      expect(firstDifference(run(indicator, inputs), straight)).toBeUndefined();
    });

    it('rejects replaceLast before any update with a clear error', () => {
      const indicator = create();
      expect(() => indicator.replaceLast(inputs[0])).toThrow(
        `${indicator.name}: replaceLast() called before any update(); there is no input to replace`,
      );
      indicator.update(inputs[0]);
      indicator.reset();
      expect(() => indicator.replaceLast(inputs[0])).toThrow(/before any update/);
    });
  });
}
