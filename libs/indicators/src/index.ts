export type {
  Bar,
  CloseVolume,
  HighLow,
  HighLowClose,
  HighLowCloseVolume,
  Indicator,
  MultiOutputIndicator,
} from './indicator';
export { SMA } from './sma';
export { EMA, type EmaOptions } from './ema';
export { WMA } from './wma';
export { RSI } from './rsi';
export { MACD, type MacdOutput } from './macd';
export { BollingerBands, type BollingerOutput } from './bollinger-bands';
export { TrueRange } from './true-range';
export { ATR } from './atr';
export { ADX, type AdxOutput } from './adx';
export { Stochastic, type StochasticOutput } from './stochastic';
export { VWAP, type VwapOptions } from './vwap';
export { RollingStdDev, type DeviationOptions } from './rolling-std-dev';
export { RollingZScore } from './rolling-z-score';
export { DonchianChannel, type DonchianOutput } from './donchian-channel';
export { CCI } from './cci';
export { OBV } from './obv';
