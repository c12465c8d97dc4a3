import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADDED_FILE, loadAddedServices, readAddedServices, setAside, writeAddedServices, type AddedService } from './added-services';
import type { ServiceSpec } from './manifest';

const spec = (name: string, instance: string, args: string[], root: string): ServiceSpec => ({ name, instance, entry: join(root, 'apps', name, 'bin', `${name}.js`), args, env: {} });
const anything = () => undefined;

describe('agent-added.json', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'helios-added-'));
    file = join(dir, ADDED_FILE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes name, instance, args and desired only, atomically, and reads them back with the entry derived from the root', () => {
    const added: AddedService[] = [
      { spec: spec('strategy-runner', 'sma', ['--strategy', 'sma'], '/old-root'), desired: 'running' },
      { spec: spec('strategy-runner', 'mr', [], '/old-root'), desired: 'stopped' },
    ];
    writeAddedServices(file, added);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      version: 1,
      services: [
        { name: 'strategy-runner', instance: 'sma', args: ['--strategy', 'sma'], desired: 'running' },
        { name: 'strategy-runner', instance: 'mr', args: [], desired: 'stopped' },
      ],
    });
    expect(readdirSync(dir)).toEqual([ADDED_FILE]);
    expect(readAddedServices(file, '/new-root', anything)).toEqual({
      services: [
        { spec: spec('strategy-runner', 'sma', ['--strategy', 'sma'], '/new-root'), desired: 'running' },
        { spec: spec('strategy-runner', 'mr', [], '/new-root'), desired: 'stopped' },
      ],
      problems: [],
    });
  });

  it('reads a missing file as no additions', () => {
    expect(readAddedServices(file, '/r', anything)).toEqual({ services: [], problems: [] });
  });

  it.each([
    ['{"version":1,"services":[', /^not JSON \(/],
    ['[]', /^expected \{"version":1,"services":\[\.\.\.\]\}$/],
    ['{"version":2,"services":[]}', /^expected \{"version":1,"services":\[\.\.\.\]\}$/],
  ])('refuses the whole of %s', (text, problem) => {
    writeFileSync(file, text);
    const read = readAddedServices(file, '/r', anything);
    expect(read.services).toEqual([]);
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatch(problem);
  });

  it('reports an unreadable file with the reason', () => {
    mkdirSync(file);
    expect(readAddedServices(file, '/r', anything)).toEqual({ services: [], problems: [expect.stringMatching(/^cannot read it \(EISDIR/)] });
  });

  it('keeps the valid entries and names every bad one', () => {
    const ok = { name: 'toy', instance: 'a', args: [], desired: 'running' };
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        services: [
          ok,
          { name: 'toy', instance: 'b', args: [], desired: 'paused' },
          { name: 'toy', instance: 'c', args: [], desired: 'running', entry: '/bin/sh' },
          { name: 'toy', instance: 'd e', desired: 'running' },
          ok,
          { name: 'cli', instance: 'x', desired: 'stopped' },
          'x',
        ],
      }),
    );
    const read = readAddedServices(file, '/r', (s) => (s.name === 'cli' ? 'not a service this agent can start' : undefined));
    expect(read.services).toEqual([{ spec: spec('toy', 'a', [], '/r'), desired: 'running' }]);
    expect(read.problems).toEqual([
      'services[1].desired: expected "running" or "stopped", got "paused"',
      'services[2].entry: not accepted (only name, instance, args, desired)',
      'services[3].instance: expected letters, digits, - and _ (1-64, starting with a letter or digit), got "d e"',
      'services[4]: toy/a is listed twice',
      'services[5]: not a service this agent can start',
      'services[6]: expected an object',
    ]);
  });

  it('sets a file aside as .bad, then .bad.2, never overwriting one', () => {
    writeFileSync(file, 'first');
    expect(setAside(file)).toBe(`${file}.bad`);
    writeFileSync(file, 'second');
    expect(setAside(file)).toBe(`${file}.bad.2`);
    expect(existsSync(file)).toBe(false);
    expect([readFileSync(`${file}.bad`, 'utf8'), readFileSync(`${file}.bad.2`, 'utf8')]).toEqual(['first', 'second']);
  });

  describe('loadAddedServices', () => {
    const load = (manifest: ServiceSpec[]) => {
      const logs: string[] = [];
      const errors: string[] = [];
      const added = loadAddedServices({ file, root: '/r', manifest, refuse: anything, log: (l) => logs.push(l), error: (l) => errors.push(l) });
      return { added, logs, errors };
    };

    it('sets a corrupt file aside, says why and where, and runs nothing from it', () => {
      writeFileSync(file, '{"version":1,"serv');
      const { added, logs, errors } = load([]);
      expect(added).toEqual([]);
      expect(logs).toEqual([]);
      expect(errors).toEqual([expect.stringMatching(new RegExp(`^${file}: not JSON \\(`)), `${file}: set aside as ${file}.bad; running the manifest and the 0 valid addition(s)`]);
      expect(readFileSync(`${file}.bad`, 'utf8')).toBe('{"version":1,"serv');
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, services: [] });
    });

    it('keeps the valid entries of a damaged file, in a fresh file, with the damaged one set aside', () => {
      const text = JSON.stringify({ version: 1, services: [{ name: 'toy', instance: 'a', args: ['x'], desired: 'stopped' }, { name: 'toy', desired: 'running' }] });
      writeFileSync(file, text);
      const { added, errors } = load([]);
      expect(added).toEqual([{ spec: spec('toy', 'a', ['x'], '/r'), desired: 'stopped' }]);
      expect(errors).toEqual([`${file}: services[1].instance: expected letters, digits, - and _ (1-64, starting with a letter or digit), got undefined`, `${file}: set aside as ${file}.bad; running the manifest and the 1 valid addition(s)`]);
      expect(readFileSync(`${file}.bad`, 'utf8')).toBe(text);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, services: [{ name: 'toy', instance: 'a', args: ['x'], desired: 'stopped' }] });
    });

    it('drops an addition that a manifest entry shadows, says so, and leaves a healthy file untouched otherwise', () => {
      writeAddedServices(file, [
        { spec: spec('toy', 'a', ['--added'], '/r'), desired: 'running' },
        { spec: spec('toy', 'b', [], '/r'), desired: 'running' },
      ]);
      const { added, logs, errors } = load([spec('toy', 'a', ['--manifest'], '/r')]);
      expect(added).toEqual([{ spec: spec('toy', 'b', [], '/r'), desired: 'running' }]);
      expect(logs).toEqual([`toy/a is both in the manifest and in ${file}: the manifest's entry wins; the addition is dropped`]);
      expect(errors).toEqual([]);
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ version: 1, services: [{ name: 'toy', instance: 'b', args: [], desired: 'running' }] });
      expect(existsSync(`${file}.bad`)).toBe(false);
    });
  });
});
