import type { TSchema } from 'typebox';
import { examplePayload } from './examples';
import { registry } from './registry';

/** Every object schema reachable from `schema`, with its JSON pointer. */
function objectSchemas(schema: unknown, at = '#'): Array<[string, Record<string, unknown>]> {
  if (schema === null || typeof schema !== 'object') return [];
  const node = schema as Record<string, unknown>;
  const found: Array<[string, Record<string, unknown>]> = node['type'] === 'object' && node['properties'] ? [[at, node]] : [];
  for (const [key, child] of Object.entries(node)) found.push(...objectSchemas(child, `${at}/${key}`));
  return found;
}

describe('registry', () => {
  it('knows exactly the event types of the design', () => {
    expect([...registry.types].sort()).toEqual(
      [
        'md.candle', 'md.tick', 'md.depth', 'md.gap', 'indicator.value', 'strategy.intent', 'risk.approved', 'risk.rejected',
        'risk.halt', 'order.new', 'order.ack', 'order.fill', 'order.cancel', 'order.reject', 'pnl.update', 'pnl.global',
        'risk.violation', 'ml.advice', 'system.heartbeat', 'system.cmd', 'system.dlq', 'run.lifecycle',
      ].sort(),
    );
  });

  it.each(registry.types)('%s has versions 1..current, one upcaster per step and $id type@v', (type) => {
    const definition = registry.get(type);
    expect(definition.versions.map((v) => v.v)).toEqual(Array.from({ length: definition.current }, (_, i) => i + 1));
    expect(definition.upcasters).toHaveLength(definition.current - 1);
    for (const version of definition.versions) expect((version.schema as TSchema & { $id: string }).$id).toBe(`${type}@${version.v}`);
  });

  it.each(registry.types)('%s: every object in every payload schema forbids unknown properties', (type) => {
    for (const version of registry.get(type).versions) {
      const open = objectSchemas(version.schema).filter(([, node]) => node['additionalProperties'] !== false);
      expect(open.map(([at]) => at)).toEqual([]);
    }
  });

  it('md.candle is at v2 and lifts v1 by adding closed: true, without touching the input', () => {
    const v1 = examplePayload('md.candle', 1) as Record<string, unknown>;
    const before = JSON.stringify(v1);
    expect(registry.currentVersion('md.candle')).toBe(2);
    expect(registry.upcast('md.candle', 1, v1)).toEqual({ ...v1, closed: true });
    expect(registry.upcast('md.candle', 2, examplePayload('md.candle'))).toBe(examplePayload('md.candle'));
    expect(JSON.stringify(v1)).toBe(before);
  });

  it('refuses versions it does not know, naming type and version', () => {
    expect(() => registry.upcast('md.candle', 3, {})).toThrow('registry: cannot upcast md.candle from version 3 (known: 1..2)');
    expect(() => registry.version('md.tick', 2)).toThrow('registry: md.tick has no version 2 (known: 1..1)');
    expect(() => registry.get('md.trade' as never)).toThrow('registry: unknown event type "md.trade"');
    expect(registry.has('toString')).toBe(false);
  });
});
