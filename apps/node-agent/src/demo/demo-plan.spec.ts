import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { RiskConfigSchema, schemaIssues, SERVICE_CONFIG_SCHEMAS } from '@helios/contracts';
import { DEMO_SERVICES, demoPlan } from './demo-plan';

const ALL = new Set(['market-data', 'indicators', 'strategy-runner', 'risk-gate', 'order-engine', 'paper-exchange', 'portfolio']);

describe('demoPlan', () => {
  it('runs every service in pipeline order, one strategy-runner per strategy, the CSV replay at the given speed', () => {
    const plan = demoPlan({ natsUrl: 'nats://127.0.0.1:5000', available: ALL, dataFile: '/data/btc.csv', speed: '60' });
    expect(plan.skipped).toEqual([]);
    expect(plan.services.map((s) => `${s.name}/${s.instance}`)).toEqual([
      'market-data/main',
      'indicators/main',
      'strategy-runner/sma-cross',
      'strategy-runner/mean-reversion',
      'risk-gate/main',
      'order-engine/main',
      'paper-exchange/main',
      'portfolio/main',
    ]);
    expect(plan.services[0].args).toEqual([
      '--nats', 'nats://127.0.0.1:5000', '--http-port', '0', '--instance', 'main',
      '--csv', '/data/btc.csv', '--venue', 'ftx', '--symbol', 'BTC-PERP', '--tf', '1m', '--speed', '60',
    ]);
    expect(plan.services[3].args).toEqual(['--nats', 'nats://127.0.0.1:5000', '--http-port', '0', '--instance', 'mean-reversion', '--strategy', 'mean-reversion']);
    expect(plan.feed).toBe('/data/btc.csv replayed at 60x');
  });

  it('falls back to the seeded synthetic feed without a data file, and skips missing services', () => {
    const plan = demoPlan({ natsUrl: 'nats://h:1', available: new Set(['market-data', 'portfolio']), dataFile: undefined, speed: 'max' });
    expect(plan.skipped).toEqual(['indicators', 'strategy-runner', 'risk-gate', 'order-engine', 'paper-exchange']);
    expect(plan.services.map((s) => s.name)).toEqual(['market-data', 'portfolio']);
    expect(plan.services[0].args.slice(6)).toEqual(['--synthetic', '--seed', '42', '--venue', 'synthetic', '--symbol', 'BTC-PERP', '--tf', '1m', '--speed', 'max']);
  });

  it('configures both strategies on the same instrument and timeframe, with risk limits naming each', () => {
    const { config } = demoPlan({ natsUrl: 'nats://h:1', available: ALL, dataFile: undefined, speed: '60' });
    expect(Object.keys(config).sort()).toEqual(['risk.limits', 'service.order-engine', 'service.paper-exchange', 'service.portfolio', 'strategy.mean-reversion', 'strategy.sma-cross']);
    expect(config['strategy.sma-cross']).toEqual({ id: 'sma-cross', template: 'sma-cross', params: { fast: 10, slow: 30 }, instruments: ['BTC-PERP'], timeframe: '1m' });
    expect(Object.keys((config['risk.limits'] as { strategies: object }).strategies)).toEqual(['sma-cross', 'mean-reversion']);
  });

  it('writes service configurations that pass each service schema (libs/contracts/src/config)', () => {
    const { config } = demoPlan({ natsUrl: 'nats://h:1', available: ALL, dataFile: undefined, speed: '60' });
    const services = Object.keys(config).filter((k) => k.startsWith('service.'));
    expect(services.length).toBe(3);
    for (const key of services) {
      const schema = SERVICE_CONFIG_SCHEMAS[key.slice('service.'.length)];
      expect(schema).toBeDefined();
      expect({ key, issues: schemaIssues(schema, config[key]) }).toEqual({ key, issues: [] });
    }
    expect(schemaIssues(RiskConfigSchema, config['risk.limits'])).toEqual([]);
    expect(schemaIssues(SERVICE_CONFIG_SCHEMAS['portfolio'], { defaultCapital: 'lots' })).not.toEqual([]);
  });
});

describe('tools/up --help', () => {
  const up = (...args: string[]) => spawnSync('bash', [join(__dirname, '..', '..', '..', '..', 'tools', 'up'), ...args], { encoding: 'utf8', timeout: 10_000 });

  it('lists exactly the services HELIOS_SERVICES accepts (DEMO_SERVICES), in pipeline order', () => {
    const help = up('--help');
    expect(help.status).toBe(0);
    const lines = help.stdout.split('\n');
    const at = lines.findIndex((l) => l.trimStart().startsWith('HELIOS_SERVICES'));
    expect(at).toBeGreaterThan(0);
    // The list is the first line after HELIOS_SERVICES' description that has no spaces inside it.
    const listed = lines.slice(at + 1).map((l) => l.trim()).find((l) => l !== '' && !l.includes(' '));
    expect(listed?.split(',')).toEqual([...DEMO_SERVICES]);
  });

  it('refuses an unknown option with exit 2, naming it, before installing or starting anything', () => {
    const bad = up('--bogus');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe("tools/up: unknown option '--bogus' (see --help)\n");
    expect(bad.stdout).toBe('');
  });
});
