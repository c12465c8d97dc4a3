import { memoryIo } from '../io';
import { progressBar, PROGRESS_MIN_BARS } from './progress-bar';

describe('progressBar', () => {
  it('draws nothing when stderr is not a terminal, or for a short run', () => {
    expect(progressBar(memoryIo(), 1_000_000, 'x')).toBeUndefined();
    const tty = { ...memoryIo(), isTTY: true };
    expect(progressBar(tty, PROGRESS_MIN_BARS - 1, 'x')).toBeUndefined();
  });

  it('redraws one line in place on a terminal and ends it when done', () => {
    const io = memoryIo();
    const tty = { ...io, isTTY: true, err: (text: string) => io.err(text) };
    const draw = progressBar(tty, 400_000, 'backtest sma-cross');
    expect(draw).toBeDefined();
    draw?.(100_000, 400_000);
    draw?.(400_000, 400_000);
    expect(io.stderr).toBe(
      `\rbacktest sma-cross [${'#'.repeat(8)}${'.'.repeat(22)}]  25% 100000/400000 bars` + `\rbacktest sma-cross [${'#'.repeat(30)}] 100% 400000/400000 bars\n`,
    );
  });
});
