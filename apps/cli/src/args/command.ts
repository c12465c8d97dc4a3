import type { CliIo } from '../io';
import { formatFlagHelp, parseFlags, type FlagSpec, type ParsedFlags } from './flags';

export interface Command {
  name: string;
  /** One line, for `helios --help`. */
  summary: string;
  /** The usage line after `helios <name>`. */
  usage: string;
  /** Paragraphs after the flags: semantics, formats, examples. */
  details?: string;
  flags: FlagSpec[];
  run(flags: ParsedFlags, io: CliIo): Promise<number>;
}

export function commandHelp(command: Command): string {
  const parts = [`helios ${command.name}: ${command.summary}`, '', `Usage: helios ${command.name} ${command.usage}`, '', 'Flags:', formatFlagHelp(command.flags)];
  if (command.details) parts.push('', command.details.trim());
  return parts.join('\n') + '\n';
}

export function wantsHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

export function parseCommandFlags(command: Command, argv: readonly string[]): ParsedFlags {
  return parseFlags(`helios ${command.name}`, argv, command.flags);
}
