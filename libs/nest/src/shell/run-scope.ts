import { filters, scoped, token, type EventType } from '@helios/contracts';
import { filterOfType, type InputSpec } from './inputs';

/**
 * Where a service lives: unscoped (live and paper trading), or inside one distributed replay's
 * private namespace `bt.<run>.` (docs/adr/0016-distributed-replay.md). A scoped service publishes
 * its outputs, heartbeats and listens for commands under `bt.<run>.`, keeps its durable consumer,
 * snapshot, configuration keys and lease apart from every other run, and consumes its inputs from
 * `bt.<inputs>.` — the run itself, or a per-service feed the replay driver routes events into one
 * at a time.
 */
export class RunScope {
  static readonly NONE = new RunScope(undefined, undefined);

  private constructor(
    /** The run id, or undefined when unscoped. */
    readonly run: string | undefined,
    /** The scope token the inputs are read from (the run's, unless a feed was given). */
    readonly inputs: string | undefined,
  ) {}

  /** `inputs` without `run` is refused: a feed belongs to a run. */
  static of(run: string | undefined, inputs: string | undefined, where: string): RunScope {
    if (run === undefined) {
      if (inputs !== undefined) throw new Error(`${where}: inputScope ${JSON.stringify(inputs)} needs a scope (the run id)`);
      return RunScope.NONE;
    }
    token(run, 'scope', where);
    if (inputs !== undefined) token(inputs, 'inputScope', where);
    return new RunScope(run, inputs ?? run);
  }

  get scoped(): boolean {
    return this.run !== undefined;
  }

  /** A subject the service publishes or listens on. */
  subject(subject: string): string {
    return this.run === undefined ? subject : scoped(this.run, subject);
  }

  /** The inputs as subject filters inside the input scope (all of them then live in the BT stream). */
  inputSpecs(inputs: readonly InputSpec[]): readonly InputSpec[] {
    const scope = this.inputs;
    if (scope === undefined || !Array.isArray(inputs)) return inputs;
    return inputs.map((spec) => ({ filter: scoped(scope, typeof spec === 'string' ? filterOfType(spec as EventType) : spec.filter) }));
  }

  /** The instance part of durable consumer names: a run's consumers never meet another run's. */
  durableInstance(instance: string): string {
    return this.inputs === undefined ? instance : `${instance}-${this.inputs}`;
  }

  /** A KV key (snapshot, configuration, lease, health) of this run: `bt.<run>.<key>`. */
  key(key: string): string {
    return this.run === undefined ? key : `${filters.scoped(this.run).slice(0, -1)}${key}`;
  }
}
