import { idFromText, isId } from './primitives';
import { nodeName } from './node-name';

describe('nodeName', () => {
  it('takes HELIOS_NODE as given, else the host name as a subject token, else local', () => {
    expect(nodeName({ HELIOS_NODE: 'laptop-2' }, 'ignored.example')).toBe('laptop-2');
    expect(nodeName({ HELIOS_NODE: '' }, 'my.host name')).toBe('my-host-name');
    expect(nodeName({}, '__.box')).toBe('box');
    expect(nodeName({}, '---')).toBe('local');
    expect(nodeName({}, 'h'.repeat(80))).toBe('h'.repeat(64));
  });
});

describe('idFromText and isId', () => {
  it('makes free text an id that isId accepts, with the fallback when nothing is left', () => {
    expect(idFromText('btc perp (ftx) 1h', 'ASSET')).toBe('btc-perp-ftx-1h');
    expect(idFromText('__my graph!', 'builder')).toBe('my-graph-');
    expect(idFromText('***', 'builder')).toBe('builder');
    expect(idFromText('x'.repeat(70), 'f')).toHaveLength(64);
    for (const text of ['btc perp (ftx) 1h', '__my graph!', 'x'.repeat(70)]) expect(isId(idFromText(text, 'f'))).toBe(true);
    expect([isId('a'), isId('-a'), isId('a'.repeat(65)), isId(7), isId('a.b')]).toEqual([true, false, false, false, false]);
  });
});
