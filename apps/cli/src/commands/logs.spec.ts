import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../cli';
import { memoryIo } from '../io';
import { lastLines, serviceLogFiles } from './logs';

describe('helios logs', () => {
  const home = mkdtempSync(join(tmpdir(), 'helios-logs-'));
  const logs = join(home, 'logs');
  beforeAll(() => {
    mkdirSync(logs);
    writeFileSync(join(logs, 'portfolio-main.log'), 'p1\np2\np3\n');
    writeFileSync(join(logs, 'strategy-runner-sma-cross.log'), 's1\ns2\n');
    writeFileSync(join(logs, 'strategy-runner-mean-reversion.log'), 'm1\n');
    writeFileSync(join(logs, 'risk-main.log'), 'r1\n');
    writeFileSync(join(logs, 'risk-gate-main.log'), 'g1\n');
    writeFileSync(join(home, 'agent.json'), JSON.stringify({ services: [{ name: 'risk' }, { name: 'risk-gate' }] }));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('prints the last N lines of the one instance of a service', async () => {
    const io = memoryIo();
    expect(await runCli(['logs', 'portfolio', '--lines', '2', '--home', home], io)).toBe(0);
    expect(io.stdout).toBe('p2\np3\n');
  });

  it('labels the lines of several instances, and --instance picks one', async () => {
    const io = memoryIo();
    expect(await runCli(['logs', 'strategy-runner', '--home', home], io)).toBe(0);
    expect(io.stdout).toBe('[strategy-runner-mean-reversion] m1\n[strategy-runner-sma-cross] s1\n[strategy-runner-sma-cross] s2\n');
    const one = memoryIo();
    expect(await runCli(['logs', 'strategy-runner', '--instance', 'sma-cross', '--lines', '1', '--home', home], one)).toBe(0);
    expect(one.stdout).toBe('s2\n');
  });

  it('does not take another service whose name extends this one for an instance', () => {
    expect(serviceLogFiles(logs, 'risk').map((f) => f.slice(logs.length + 1))).toEqual(['risk-main.log']);
    expect(serviceLogFiles(logs, 'risk-gate').map((f) => f.slice(logs.length + 1))).toEqual(['risk-gate-main.log']);
  });

  it('names the logs that exist when the service has none', async () => {
    const io = memoryIo();
    expect(await runCli(['logs', 'indicators', '--home', home], io)).toBe(2);
    expect(io.stderr).toContain(`helios logs: no log of "indicators" in ${logs} (logs there: `);
    expect(io.stderr).toContain('portfolio-main.log');
  });

  it('lastLines keeps the last n lines without inventing an empty one', () => {
    expect(lastLines('a\nb\nc\n', 2)).toEqual(['b', 'c']);
    expect(lastLines('a\nb', 5)).toEqual(['a', 'b']);
    expect(lastLines('a\n', 0)).toEqual([]);
  });
});
