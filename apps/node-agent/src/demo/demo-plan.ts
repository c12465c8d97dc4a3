import { DEMO_STRATEGIES, DEMO_SYMBOL, DEMO_TF, paperDemoConfig } from '@helios/contracts';
/** The demo of `tools/up`: which processes run and what goes into the `helios-config` KV. */
export interface DemoInputs {
  natsUrl: string;
  /** Services whose `apps/<name>/bin` exists. */
  available: ReadonlySet<string>;
  /** `../shared/data/btc_perp_ftx_1m.csv` when present; else the seeded synthetic feed runs. */
  dataFile: string | undefined;
  /** Replay speed: a factor of real time, or `max`. */
  speed: string;
}

export interface DemoPlan {
  services: Array<{ name: string; instance: string; args: string[] }>;
  skipped: string[];
  /** KV `helios-config` entries (key -> JSON value). */
  config: Record<string, unknown>;
  feed: string;
}

/** Pipeline order: sources first, so a consumer's first start sees a stream that already exists. */
export const DEMO_SERVICES = ['market-data', 'indicators', 'strategy-runner', 'risk-gate', 'order-engine', 'paper-exchange', 'portfolio'] as const;

export function demoPlan(inputs: DemoInputs): DemoPlan {
  const common = ['--nats', inputs.natsUrl, '--http-port', '0'];
  const feedArgs = inputs.dataFile
    ? ['--csv', inputs.dataFile, '--venue', 'ftx', '--symbol', DEMO_SYMBOL, '--tf', DEMO_TF, '--speed', inputs.speed]
    : ['--synthetic', '--seed', '42', '--venue', 'synthetic', '--symbol', DEMO_SYMBOL, '--tf', DEMO_TF, '--speed', inputs.speed];
  const services: DemoPlan['services'] = [];
  const skipped: string[] = [];
  for (const name of DEMO_SERVICES) {
    if (!inputs.available.has(name)) {
      skipped.push(name);
      continue;
    }
    const run = (instance: string, extra: string[]) => services.push({ name, instance, args: [...common, '--instance', instance, ...extra] });
    if (name === 'market-data') run('main', feedArgs);
    // One process per strategy: a crash or an endless loop in one never touches the other.
    else if (name === 'strategy-runner') for (const s of DEMO_STRATEGIES) run(s.id, ['--strategy', s.id]);
    else run('main', []);
  }

  const config = paperDemoConfig();
  const feed = inputs.dataFile ? `${inputs.dataFile} replayed at ${inputs.speed === 'max' ? 'full speed' : `${inputs.speed}x`}` : `seeded synthetic feed (seed 42) at ${inputs.speed}x`;
  return { services, skipped, config, feed };
}
