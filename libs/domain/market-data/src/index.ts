export { allocateSeries, repeatSeries, truncateSeries, OHLCV_FIELDS, type OhlcvSeries } from './ohlcv-series';
export { medianSpacingMs, msToTimeframe, timeframeToMs } from './timeframe';
export { OhlcvCsvError } from './csv/ohlcv-csv-error';
export { parseDecimal } from './csv/parse-decimal';
export {
  daysFromCivil,
  EPOCH_MS_THRESHOLD,
  formatIsoDate,
  formatIsoTime,
  formatTime,
  parseIsoTime,
  type TimeFormat,
} from './csv/parse-time';
export { parseOhlcvCsv, TIME_HEADERS, type ParsedOhlcvCsv, type ParseOhlcvCsvOptions } from './csv/parse-ohlcv-csv';
export { formatOhlcvCsv } from './csv/format-ohlcv-csv';
export { createPrng, type Prng } from './synthetic/prng';
export { generateSyntheticOhlcv, type SyntheticOhlcvOptions } from './synthetic/generate-ohlcv';
export { detectGaps, GapDetector, type GapSource } from './gaps/gap-detector';
