// The supervisor's process: one HTTP server for the REST API, the live WebSocket and the Next.js
// pages (ADR 0013). Usage: node apps/supervisor/bin/supervisor.js --nats URL --port P [--host H] [--dev]
import { join } from 'node:path';
import next from 'next';
import { describeError } from '@helios/nats';
import { startGateway } from './src/gateway/gateway';
import { OptionsError, parseSupervisorArgs, SUPERVISOR_USAGE } from './src/gateway/options';

const APP_DIR = __dirname;
const REPO = join(APP_DIR, '..', '..');

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${SUPERVISOR_USAGE}\n`);
    return;
  }
  let opts;
  try {
    opts = parseSupervisorArgs(argv, process.env, { home: join(REPO, '.helios'), dataDir: join(REPO, '..', 'shared', 'data') });
  } catch (err) {
    if (!(err instanceof OptionsError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  const app = next({ dir: APP_DIR, dev: opts.dev, hostname: opts.host, port: opts.port });
  await app.prepare();
  const pages = app.getRequestHandler();
  const gateway = await startGateway({
    ...opts,
    repoRoot: REPO,
    pages: (req, res) => pages(req, res),
    pageUpgrades: opts.dev ? app.getUpgradeHandler() : undefined,
  });
  process.stdout.write(`supervisor: ${gateway.url} (${opts.dev ? 'development' : 'production'}, NATS ${opts.natsUrl})\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`supervisor: ${signal}, stopping\n`);
    const force = setTimeout(() => process.exit(0), 5_000);
    force.unref();
    void gateway
      .close()
      .then(() => app.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`supervisor: cannot start: ${describeError(err)}\n`);
  process.exit(1);
});
