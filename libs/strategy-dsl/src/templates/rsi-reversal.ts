import { defineTemplate, period } from './template';

export const rsiReversal = defineTemplate({
  name: 'rsi-reversal',
  description: 'Buy when RSI climbs back up through the oversold level, sell when it falls back down through the overbought level.',
  rules:
    'Entry at bar t: rsi[t-1] < lower and rsi[t] > lower (the same strict cross rule as sma-cross: a bar exactly at the level ' +
    'is not a cross) -> weight 1. Exit: rsi[t-1] > upper and rsi[t] < upper -> weight 0. Long only; the first signal is ' +
    'possible one bar after the RSI has its first value.',
  params: [
    period('period', 14, 'RSI period.'),
    { name: 'lower', type: 'number', default: 30, min: 0, max: 100, description: 'Oversold level, crossed upward to enter.' },
    { name: 'upper', type: 'number', default: 70, min: 0, max: 100, description: 'Overbought level, crossed downward to exit.' },
  ],
  constraints: [{ param: 'lower', lessThan: 'upper' }],
  entry: 'crossUp(rsi(close, $period), $lower)',
  exit: 'crossDown(rsi(close, $period), $upper)',
});
