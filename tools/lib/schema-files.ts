import { generateJsonSchemas } from '@helios/contracts';
import { generateStrategyGraphSchemaFiles } from '@helios/strategy-dsl';

/** Every file `schemas/` must hold: one per event type and version, the envelope, the strategy graph. */
export function allSchemaFiles(): Record<string, string> {
  return { ...generateJsonSchemas(), ...generateStrategyGraphSchemaFiles() };
}
