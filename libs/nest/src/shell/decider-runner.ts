import { describeIssues, encodeEvent, subjectFor, validateEvent, type HeliosEvent } from '@helios/contracts';
import type { PublishItem } from '@helios/nats';
import type { ServiceDecider } from './service-decider';

/** Why an input could not be applied. `interrupted`: the service stopped while its outputs were being published. */
export type ApplyFailure = { ok: false; stage: 'decide' | 'outputs' | 'publish' | 'evolve' | 'interrupted'; message: string };
export type ApplyOutcome = { ok: true; outputs: number } | ApplyFailure;
/** An input folded into the state whose outputs still have to be stored. */
export type AdvanceOutcome = { ok: true; items: PublishItem[] } | ApplyFailure;

export interface RunnerIo {
  /** Stores every item (msg id = event id) of `input` and resolves once all are acknowledged. */
  publish(items: PublishItem[], input: HeliosEvent): Promise<void>;
  maxEventBytes: number;
  afterPublish?: (input: HeliosEvent) => void;
  /** Moves each output's subject into the service's run scope (`bt.<run>.`); absent when unscoped. */
  scopeSubject?: (subject: string) => string;
}

/** Thrown by `RunnerIo.publish` when the service is stopping; the input stays unacked and comes back. */
export class PublishInterruptedError extends Error {
  constructor() {
    super('publishing was interrupted because the service is stopping');
    this.name = 'PublishInterruptedError';
  }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * One decider and its state: decide -> check the outputs -> publish them and wait for the acks ->
 * evolve with the input and each output. Nothing changes the state unless every output is stored,
 * so an input that fails before that can be retried or replayed with the same result.
 */
export class DeciderRunner<S> {
  constructor(
    public decider: ServiceDecider<S>,
    public state: S,
    private readonly io: RunnerIo,
  ) {}

  /** `publish: false` during a replay of inputs whose outputs are known to be stored already. */
  async apply(input: HeliosEvent, publish: boolean): Promise<ApplyOutcome> {
    const decided = this.decideChecked(input);
    if (!decided.ok) return decided;
    if (publish && decided.items.length > 0) {
      try {
        await this.io.publish(decided.items, input);
      } catch (err) {
        if (err instanceof PublishInterruptedError) return { ok: false, stage: 'interrupted', message: err.message };
        return { ok: false, stage: 'publish', message: `publishing the outputs failed: ${message(err)}` };
      }
    }
    if (publish) this.io.afterPublish?.(input);
    return this.evolveWith(input, decided.outputs) ?? { ok: true, outputs: decided.outputs.length };
  }

  /**
   * The pipelined path: decide, check the outputs, then evolve at once and hand the outputs back
   * to be published. The state runs ahead of what is stored; the caller acks the input only once
   * they are (docs/adr/0012).
   */
  advance(input: HeliosEvent): AdvanceOutcome {
    const decided = this.decideChecked(input);
    if (!decided.ok) return decided;
    return this.evolveWith(input, decided.outputs) ?? { ok: true, items: decided.items };
  }

  /** decide, then every output checked and encoded for publishing; nothing changes the state. */
  private decideChecked(input: HeliosEvent): { ok: true; outputs: HeliosEvent[]; items: PublishItem[] } | ApplyFailure {
    let outputs: HeliosEvent[];
    try {
      outputs = this.decider.decide(this.state, input);
    } catch (err) {
      return { ok: false, stage: 'decide', message: `decide threw: ${message(err)}` };
    }
    const items: PublishItem[] = [];
    for (let i = 0; i < outputs.length; i++) {
      const checked = this.checkOutput(outputs[i], i);
      if (typeof checked === 'string') return { ok: false, stage: 'outputs', message: checked };
      items.push(checked);
    }
    return { ok: true, outputs, items };
  }

  /** Folds the input and each of its outputs into the state; the state is kept when evolve throws. */
  private evolveWith(input: HeliosEvent, outputs: readonly HeliosEvent[]): ApplyFailure | undefined {
    try {
      let state = this.decider.evolve(this.state, input);
      for (const o of outputs) state = this.decider.evolve(state, o);
      this.state = state;
      return undefined;
    } catch (err) {
      return { ok: false, stage: 'evolve', message: `evolve threw: ${message(err)}` };
    }
  }

  private checkOutput(o: HeliosEvent, index: number): PublishItem | string {
    const where = `output ${index} (${String(o?.type)})`;
    const issues = validateEvent(o);
    if (issues.length > 0) return `${where} is not a valid event: ${describeIssues(issues)}`;
    let subject: string;
    try {
      subject = subjectFor(o);
      if (this.io.scopeSubject !== undefined) subject = this.io.scopeSubject(subject);
    } catch (err) {
      return `${where} has no subject: ${message(err)}`;
    }
    const data = encodeEvent(o);
    if (data.byteLength > this.io.maxEventBytes) return `${where} is ${data.byteLength} bytes, over the ${this.io.maxEventBytes}-byte limit`;
    return { subject, event: o, data };
  }
}
