import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { exampleEvent } from './examples';
import { describeSchemaDrift, ENVELOPE_SCHEMA_FILE, generateJsonSchemas, renderJson, schemaFileName } from './json-schema';
import { structuralMutations } from './mutations.testing';
import { registry, type EventType } from './registry';
import { validateEvent } from './validate';

const SCHEMAS_DIR = resolve(__dirname, '../../../schemas');
const generated = generateJsonSchemas();

function readSchemasDir(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(SCHEMAS_DIR).filter((n) => n.endsWith('.json'))) files[name] = readFileSync(join(SCHEMAS_DIR, name), 'utf8');
  return files;
}

describe('generated JSON Schema files', () => {
  it("the contracts' files in schemas/ match the generator (otherwise: npm run gen:schemas)", () => {
    // schemas/ also holds other generators' files (the strategy graph); tools/tests/schemas-drift.spec.ts
    // checks the whole folder, including files no generator writes any more.
    const onDisk = Object.fromEntries(Object.entries(readSchemasDir()).filter(([name]) => name in generated || /^(envelope|[a-z]+\.[a-z-]+\.v\d+)\.schema\.json$/.test(name)));
    expect(describeSchemaDrift(generated, onDisk)).toBeNull();
  });

  it('the drift report names stale, missing and extra files and says how to fix them', () => {
    const onDisk: Record<string, string> = { ...generated, 'md.tick.v1.schema.json': '{}\n', 'old.v1.schema.json': '{}\n' };
    delete onDisk['md.gap.v1.schema.json'];
    expect(describeSchemaDrift(generated, onDisk)).toBe(
      'schemas/ does not match the contracts (stale: md.tick.v1.schema.json; missing: md.gap.v1.schema.json; ' +
        'extra: old.v1.schema.json). Run `npm run gen:schemas` and commit the result.',
    );
  });

  it('has one file per event type and version plus the envelope', () => {
    const expected = [ENVELOPE_SCHEMA_FILE, ...registry.types.flatMap((t) => registry.get(t).versions.map(({ v }) => schemaFileName(t, v)))];
    expect(Object.keys(generated).sort()).toEqual(expected.sort());
    expect(generated).toHaveProperty(['md.candle.v1.schema.json']);
    expect(generated).toHaveProperty(['md.candle.v2.schema.json']);
  });

  it('is deterministic: sorted keys, 2-space indent, trailing newline', () => {
    expect(generateJsonSchemas()).toEqual(generated);
    expect(renderJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
    for (const contents of Object.values(generated)) expect(renderJson(JSON.parse(contents))).toBe(contents);
  });

  it('declares draft 2020-12, an $id and a title in every file, and fixes type and v per event file', () => {
    for (const [name, contents] of Object.entries(generated)) {
      const schema = JSON.parse(contents);
      expect([name, schema.$schema]).toEqual([name, 'https://json-schema.org/draft/2020-12/schema']);
      expect(schema.$id).toBe(`https://helios.local/schemas/${name}`);
      expect(typeof schema.title).toBe('string');
    }
    const candle = JSON.parse(generated['md.candle.v1.schema.json']);
    expect(candle.properties.type).toEqual({ type: 'string', const: 'md.candle' });
    expect(candle.properties.v).toEqual({ type: 'integer', const: 1 });
    expect(candle.properties.payload.required).not.toContain('closed');
    expect(JSON.parse(generated['md.candle.v2.schema.json']).properties.payload.required).toContain('closed');
  });
});

describe('JSON Schema files agree with the typebox validators (ajv 8, draft 2020-12, strict schema and types)', () => {
  const ajv = new Ajv2020({ strictSchema: true, strictNumbers: true, strictTypes: true, strictTuples: true, allowUnionTypes: true, allErrors: true });
  addFormats(ajv);
  const validators = Object.fromEntries(Object.entries(generated).map(([name, contents]) => [name, ajv.compile(JSON.parse(contents))]));
  const cases = registry.types.flatMap((type) => registry.get(type).versions.map(({ v }) => [type, v] as [EventType, number]));

  it('the envelope file accepts every example event and rejects a broken envelope', () => {
    const envelope = validators[ENVELOPE_SCHEMA_FILE];
    for (const type of registry.types) expect(envelope(exampleEvent(type))).toBe(true);
    expect(envelope({ ...exampleEvent('md.tick'), ts: -1 })).toBe(false);
    expect(envelope({ ...exampleEvent('md.tick'), extra: 1 })).toBe(false);
  });

  it.each(cases)('%s v%d: accepts the valid example and rejects a wrong version and an unknown field', (type, v) => {
    const validate = validators[schemaFileName(type, v)];
    const event = exampleEvent(type, v);
    expect(validate(event)).toBe(true);
    expect(validate({ ...event, v: v + 1 })).toBe(false);
    expect(validate({ ...event, type: 'md.other' })).toBe(false);
    expect(validate({ ...event, extra: 1 })).toBe(false);
  });

  it.each(cases)('%s v%d: rejects every structural mutation that typebox rejects', (type, v) => {
    const validate = validators[schemaFileName(type, v)];
    const event = exampleEvent(type, v);
    for (const m of structuralMutations(registry.version(type, v).schema)) {
      const mutated = { ...event, payload: m.apply(event.payload) };
      expect([m.name, validateEvent(mutated).length > 0, validate(mutated)]).toEqual([m.name, true, false]);
    }
  });

  it('agrees on the conditional rules (limit price, reconfigure config, failed run error)', () => {
    const order = exampleEvent('order.new');
    const cmd = exampleEvent('system.cmd');
    const run = exampleEvent('run.lifecycle');
    const variants: Array<[string, unknown, boolean]> = [
      ['limit order with price', order, true],
      ['limit order without price', { ...order, payload: { ...order.payload, limitPrice: undefined } }, false],
      ['market order with price', { ...order, payload: { ...order.payload, type: 'market' } }, false],
      ['market order without price', { ...order, payload: { ...order.payload, type: 'market', limitPrice: undefined } }, true],
      ['reconfigure without config', { ...cmd, payload: { ...cmd.payload, config: undefined } }, false],
      ['pause with config', { ...cmd, payload: { ...cmd.payload, command: 'pause' } }, false],
      ['pause without config', { ...cmd, payload: { ...cmd.payload, command: 'pause', config: undefined } }, true],
      ['failed run without error', { ...run, payload: { ...run.payload, status: 'failed' } }, false],
      ['failed run with error', { ...run, payload: { ...run.payload, status: 'failed', error: 'boom' } }, true],
    ];
    for (const [name, value, valid] of variants) {
      // JSON round trip drops the undefined fields, as the wire would.
      const wire = JSON.parse(JSON.stringify(value));
      const type = wire.type as EventType;
      const ajvValid = validators[schemaFileName(type, wire.v)](wire);
      expect([name, validateEvent(wire).length === 0, ajvValid]).toEqual([name, valid, valid]);
    }
  });
});
