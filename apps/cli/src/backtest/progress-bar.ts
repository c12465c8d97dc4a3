import type { CliIo } from '../io';

/** Runs shorter than this many bars finish before a bar would be worth drawing. */
export const PROGRESS_MIN_BARS = 200_000;

/**
 * A one-line progress bar on stderr, redrawn in place; only on a terminal and for long runs, so
 * pipes, files and CI logs get nothing.
 */
export function progressBar(io: CliIo, total: number, label: string): ((done: number, all: number) => void) | undefined {
  if (!io.isTTY || total < PROGRESS_MIN_BARS) return undefined;
  const width = 30;
  return (done, all) => {
    const fraction = all > 0 ? done / all : 1;
    const filled = Math.round(fraction * width);
    io.err(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${done}/${all} bars`);
    if (done >= all) io.err('\n');
  };
}
