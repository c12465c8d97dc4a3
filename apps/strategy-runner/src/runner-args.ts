import { isId } from '@helios/contracts';
import { parseServiceArgs, UsageError, type ServiceArgs } from '@helios/nest';

export interface RunnerArgs extends ServiceArgs {
  /** One strategy (`--strategy <id>`), or every `strategy.*` key (`--all`) when undefined. */
  strategy: string | undefined;
}


export const RUNNER_USAGE = [
  '  --strategy ID              run the strategy of KV helios-config key strategy.<ID> (instance defaults to ID)',
  '  --all                      run every strategy.* key in this process, following keys as they come and go (development)',
].join('\n');

/** `--strategy ID` or `--all` (exactly one), then the service flags of libs/nest. */
export function parseRunnerArgs(argv: readonly string[], env: NodeJS.ProcessEnv): RunnerArgs {
  const rest: string[] = [];
  let strategy: string | undefined;
  let all = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--all') {
      all = true;
    } else if (arg === '--strategy' || arg.startsWith('--strategy=')) {
      if (strategy !== undefined) throw new UsageError('--strategy is given twice');
      const value = arg === '--strategy' ? argv[++i] : arg.slice('--strategy='.length);
      if (value === undefined || !isId(value)) throw new UsageError(`--strategy: expected a strategy id (letters, digits, '-', '_'), got ${JSON.stringify(value)}`);
      strategy = value;
    } else {
      rest.push(arg);
    }
  }
  const service = parseServiceArgs(rest, env);
  if (!service.help && all === (strategy !== undefined)) throw new UsageError('give exactly one of --strategy ID and --all');
  const instanceGiven = rest.some((a) => a === '--instance' || a.startsWith('--instance=')) || Boolean(env['HELIOS_INSTANCE']);
  return { ...service, strategy, instance: strategy !== undefined && !instanceGiven ? strategy : service.instance };
}
