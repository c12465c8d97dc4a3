import { defineTemplate, period } from './template';

export const macdRsi = defineTemplate({
  name: 'macd-rsi',
  description: 'MACD bullish crossover while RSI is not overbought; exit on the bearish crossover or an overbought RSI.',
  rules:
    'Entry at bar t: the MACD line crosses above its signal line (macd[t-1] < signal[t-1] and macd[t] > signal[t]) ' +
    'and RSI < rsiEntryMax on that bar -> weight 1. Exit: the MACD line crosses below the signal line, or RSI > rsiExitMin ' +
    '-> weight 0. Strict comparisons throughout; no signal before the MACD signal line and the RSI are ready. Long only.',
  params: [
    period('fast', 12, 'MACD fast EMA period.'),
    period('slow', 26, 'MACD slow EMA period; must exceed fast.', 2),
    period('signal', 9, 'MACD signal EMA period.'),
    period('rsiPeriod', 14, 'RSI period.'),
    { name: 'rsiEntryMax', type: 'number', default: 70, min: 0, max: 100, description: 'Enter only while RSI is below this.' },
    { name: 'rsiExitMin', type: 'number', default: 80, min: 0, max: 100, description: 'Exit when RSI rises above this.' },
  ],
  constraints: [{ param: 'fast', lessThan: 'slow' }],
  entry: 'crossUp(macd(close, $fast, $slow, $signal).macd, macd(close, $fast, $slow, $signal).signal) and rsi(close, $rsiPeriod) < $rsiEntryMax',
  exit: 'crossDown(macd(close, $fast, $slow, $signal).macd, macd(close, $fast, $slow, $signal).signal) or rsi(close, $rsiPeriod) > $rsiExitMin',
});
