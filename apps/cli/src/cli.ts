import { commandHelp, parseCommandFlags, wantsHelp, type Command } from './args/command';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './args/usage-error';
import { backtestCommand } from './commands/backtest';
import { benchCommand } from './commands/bench';
import { chaosCommand } from './commands/chaos';
import { downCommand } from './commands/down';
import { haltCommand } from './commands/halt';
import { indicatorsCommand } from './commands/indicators';
import { logsCommand } from './commands/logs';
import { replayCommand } from './commands/replay';
import { statusCommand } from './commands/status';
import { sweepCommand } from './commands/sweep';
import { synthCommand } from './commands/synth';
import { DataFileError } from './data-file';
import type { CliIo } from './io';

export const COMMANDS: readonly Command[] = [backtestCommand, sweepCommand, indicatorsCommand, synthCommand, statusCommand, logsCommand, downCommand, haltCommand, benchCommand, chaosCommand, replayCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'helios: backtests and tools for the Helios trading platform',
    '',
    'Usage: helios <command> [flags]     helios <command> --help',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
  ].join('\n');
}

/** `helios logs portfolio` = `helios logs --service portfolio`, for a command that names its positional flag. */
function withPositional(command: Command, argv: readonly string[]): readonly string[] {
  const positional = (command as Command & { positional?: string }).positional;
  return positional !== undefined && argv[0] !== undefined && !argv[0].startsWith('-') ? [`--${positional}`, ...argv] : argv;
}

/**
 * Runs one command line and returns the exit code: 0 success, 1 the work failed (bad data, a
 * strategy that does not compile), 2 the command line is wrong (unknown command or flag).
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.out(topic ? commandHelp(topic) : mainHelp());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.err(`helios: unknown command ${JSON.stringify(name)}; commands: ${COMMANDS.map((c) => c.name).join(', ')} (see helios --help)\n`);
    return EXIT_USAGE;
  }
  if (wantsHelp(rest)) {
    io.out(commandHelp(command));
    return EXIT_OK;
  }
  try {
    const flags = parseCommandFlags(command, withPositional(command, rest));
    return await command.run(flags, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof DataFileError) {
      io.err(`helios ${command.name}: ${error.message}\n`);
      return EXIT_FAILURE;
    }
    io.err(`helios ${command.name}: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env['HELIOS_DEBUG']) io.err(`${(error as Error).stack ?? ''}\n`);
    return EXIT_FAILURE;
  }
}
