import { Type } from 'typebox';
import { resolveServiceConfig, ServiceConfigError } from './service-config';

const Schema = Type.Object({ factor: Type.Number({ minimum: 0 }), mode: Type.Union([Type.Literal('a'), Type.Literal('b')]) }, { additionalProperties: false });
const defaults = { factor: 1, mode: 'a' as const };

describe('resolveServiceConfig', () => {
  it('lays the given keys over the defaults', () => {
    expect(resolveServiceConfig(Schema, defaults, undefined, 'svc')).toEqual(defaults);
    expect(resolveServiceConfig(Schema, defaults, { mode: 'b' }, 'svc')).toEqual({ factor: 1, mode: 'b' });
  });

  it('refuses a config that breaks the schema, naming every path', () => {
    let error: unknown;
    try {
      resolveServiceConfig(Schema, defaults, { factor: -2, extra: true }, 'portfolio reconfigure');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ServiceConfigError);
    const e = error as ServiceConfigError;
    expect(e.issues.map((i) => i.path).sort()).toEqual(['/extra', '/factor']);
    expect(e.message).toMatch(/^portfolio reconfigure: invalid configuration: /);
    expect(() => resolveServiceConfig(Schema, defaults, [1], 'svc')).toThrow('svc: invalid configuration: /: must be a JSON object, got [1]');
  });
});
