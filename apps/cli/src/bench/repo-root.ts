import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The workspace root (the folder with nx.json) above this file. Found by walking up rather than a
 * fixed `..` count, because the CLI runs both from source and from its esbuild bundle in dist/.
 */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json')) && existsSync(join(dir, 'apps'))) return dir;
    if (dirname(dir) === dir) throw new Error(`helios bench: no workspace root (a folder with nx.json) above ${from}`);
  }
}
