import type { HeliosEvent } from '@helios/contracts';
import type { Decider } from '@helios/domain-core';

/** A decider in the pipeline, the event types it consumes, and its current state. */
export interface PipelineStage {
  readonly name: string;
  readonly inputs: readonly string[];
  // The pipeline holds deciders of different state and event types side by side.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly decider: Decider<any, any, any>;
  state: unknown;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function stage(name: string, decider: Decider<any, any, any>, inputs: readonly string[]): PipelineStage {
  return { name, decider, inputs, state: decider.initialState() };
}

/**
 * Runs deciders in one thread, synchronously, in a fixed and therefore reproducible order.
 *
 * `publish(e)` reports `e` (to the run hash, the bus, a recorder) and delivers it to every stage
 * that consumes its type, in stage order. A stage runs `decide`, then `evolve` with the input and
 * with each of its outputs (the decider's `step`), and only then are its outputs published, each
 * delivered in full (depth first) before the next output and before the next stage sees `e`.
 * A stage is not handed its own outputs again: it has already evolved with them.
 *
 * Depth first is what gives ADR 0005's order within a bar when stages are listed exchange,
 * portfolio, risk, orders, strategy: the exchange's fills at the open reach the portfolio before the
 * portfolio marks the bar's close, and the strategy's intent reaches risk and orders after both
 * have seen the bar.
 */
export class SyncPipeline {
  private readonly routes = new Map<string, PipelineStage[]>();
  private depth = 0;

  constructor(
    readonly stages: readonly PipelineStage[],
    private readonly onPublish: (event: HeliosEvent) => void,
    /** Events nested deeper than this are a feedback loop between deciders, not a backtest. */
    private readonly maxDepth = 64,
  ) {
    const names = new Set<string>();
    for (const s of stages) {
      if (names.has(s.name)) throw new Error(`SyncPipeline: two stages are named ${JSON.stringify(s.name)}`);
      names.add(s.name);
      for (const type of s.inputs) {
        let list = this.routes.get(type);
        if (list === undefined) this.routes.set(type, (list = []));
        list.push(s);
      }
    }
  }

  /** The stages that consume `type`, in delivery order (empty if none). */
  route(type: string): readonly PipelineStage[] {
    return this.routes.get(type) ?? [];
  }

  publish(event: HeliosEvent): void {
    this.onPublish(event);
    this.deliver(event, this.routes.get(event.type), undefined);
  }

  /**
   * Delivers an event whose publication the caller already reported, to a route it looked up once
   * (the per-bar fast path: no map lookup, no hashing of a candle's id).
   */
  deliver(event: HeliosEvent, route: readonly PipelineStage[] | undefined, from: PipelineStage | undefined): void {
    if (route === undefined) return;
    if (this.depth >= this.maxDepth) {
      throw new PipelineError(`events nest more than ${this.maxDepth} deep at ${event.type} ${event.id}: the deciders feed each other in a loop`);
    }
    this.depth++;
    try {
      for (let i = 0; i < route.length; i++) {
        const s = route[i];
        if (s !== from) this.run(s, event);
      }
    } finally {
      this.depth--;
    }
  }

  private run(s: PipelineStage, event: HeliosEvent): void {
    const decider = s.decider;
    let outputs: HeliosEvent[];
    try {
      outputs = decider.decide(s.state, event);
      let state = decider.evolve(s.state, event);
      for (let k = 0; k < outputs.length; k++) state = decider.evolve(state, outputs[k]);
      s.state = state;
    } catch (error) {
      throw new PipelineError(`${s.name} failed on ${event.type} ${event.id} (event time ${event.ts}): ${(error as Error).message ?? String(error)}`, error);
    }
    for (let k = 0; k < outputs.length; k++) {
      const output = outputs[k];
      this.onPublish(output);
      this.deliver(output, this.routes.get(output.type), s);
    }
  }
}

/** A decider threw, or deciders loop: names the stage and the event. */
export class PipelineError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'PipelineError';
  }
}
