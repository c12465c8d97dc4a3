import { durableForPattern } from './durable-name';

describe('durableForPattern', () => {
  it('turns a subject filter into a durable name token', () => {
    expect(durableForPattern('risk-gate', 'order.new.*')).toBe('risk-gate-order_new_any');
    expect(durableForPattern('ui', 'md.>')).toBe('ui-md_rest');
  });

  it('refuses a pattern that is not a subject filter', () => {
    expect(() => durableForPattern('x', 'order..new')).toThrow(/event pattern "order\.\.new"/);
    expect(() => durableForPattern('x', 'a b')).toThrow(/event pattern "a b"/);
  });
});
