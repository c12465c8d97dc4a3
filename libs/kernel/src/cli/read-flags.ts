/** What a command-line reader needs to know of a flag: the name of its value, or none for a switch. */
export interface FlagShape {
  value?: string;
}

export interface ReadFlagsOptions {
  /** The error to throw, with a message that names the flag. */
  fail: (message: string) => Error;
  /** The message for an argument that is no known flag (`flag` is the part before any `=`). */
  unknown: (arg: string, flag: string) => string;
}

/**
 * Reads `--flag value`, `--flag=value` and switches (a flag without a value name) into a map, and
 * `--help` / `-h`. Refuses unknown flags, repeats, a value on a switch and a missing value (a
 * following `--flag` is not taken as a value). Shared by every process's argument parser.
 */
export function readFlags(argv: readonly string[], known: Readonly<Record<string, FlagShape>>, o: ReadFlagsOptions): { given: Map<string, string>; help: boolean } {
  const given = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const spec = Object.prototype.hasOwnProperty.call(known, flag) ? known[flag] : undefined;
    if (spec === undefined) throw o.fail(o.unknown(arg, flag));
    if (given.has(flag)) throw o.fail(`${flag} is given twice`);
    if (spec.value === undefined) {
      if (eq !== -1) throw o.fail(`${flag} takes no value`);
      given.set(flag, '');
      continue;
    }
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || (eq === -1 && value.startsWith('--'))) throw o.fail(`${flag} needs a value (${spec.value})`);
    given.set(flag, value);
  }
  return { given, help };
}
