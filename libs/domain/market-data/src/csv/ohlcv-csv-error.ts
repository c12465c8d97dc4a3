/** A CSV that cannot be read as OHLCV bars: names the 1-based line (the header is line 1) and why. */
export class OhlcvCsvError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
    readonly source?: string,
  ) {
    super(`${source === undefined ? '' : `${source}: `}line ${line}: ${reason}`);
    this.name = 'OhlcvCsvError';
  }
}
