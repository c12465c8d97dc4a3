import { parseManifest } from './manifest';

describe('parseManifest', () => {
  it('fills in the default entry and resolves relative entries from the root', () => {
    const specs = parseManifest(
      JSON.stringify({ services: [{ name: 'portfolio', instance: 'main', args: ['--nats', 'nats://x:1'] }, { name: 'toy', instance: 'a', entry: 'x/toy.js', env: { A: '1' } }] }),
      '/repo',
    );
    expect(specs).toEqual([
      { name: 'portfolio', instance: 'main', entry: '/repo/apps/portfolio/bin/portfolio.js', args: ['--nats', 'nats://x:1'], env: {} },
      { name: 'toy', instance: 'a', entry: '/repo/x/toy.js', args: [], env: { A: '1' } },
    ]);
  });

  it.each([
    ['{', 'manifest: not JSON'],
    ['[]', 'manifest: expected an object with a "services" array'],
    ['{"services":[1]}', 'manifest: services[0]: expected an object'],
    ['{"services":[{"name":"a b","instance":"m"}]}', 'manifest: services[0].name: expected letters, digits, - and _ (1-64, starting with a letter or digit), got "a b"'],
    ['{"services":[{"name":"a","instance":"m"},{"name":"a"}]}', 'manifest: services[1].instance: expected letters'],
    ['{"services":[{"name":"a","instance":"m"},{"name":"a","instance":"m"}]}', 'manifest: services[1]: a/m is listed twice'],
    ['{"services":[{"name":"a","instance":"m","args":["x",1]}]}', 'manifest: services[0].args: expected an array of strings'],
    ['{"services":[{"name":"a","instance":"m","env":{"X":2}}]}', 'manifest: services[0].env: expected an object of strings'],
  ])('rejects %s naming the place', (json, message) => {
    expect(() => parseManifest(json, '/repo')).toThrow(message);
  });
});
