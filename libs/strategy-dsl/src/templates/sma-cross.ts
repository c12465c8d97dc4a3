import { defineTemplate, period } from './template';

export const smaCross = defineTemplate({
  name: 'sma-cross',
  description: 'Long when the fast SMA crosses above the slow SMA, flat when it crosses back below.',
  rules:
    'Golden cross at bar t: fast[t-1] < slow[t-1] and fast[t] > slow[t] (strict on both bars, so a bar where the averages ' +
    'are equal is neither above nor below) -> target weight 1 (all-in long). Death cross, the mirror -> weight 0 (flat). ' +
    'Otherwise the target holds. Long only; no signal until the slow SMA has a value on two consecutive bars.',
  params: [period('fast', 10, 'Fast SMA period (bars).'), period('slow', 30, 'Slow SMA period (bars); must exceed fast.', 2)],
  constraints: [{ param: 'fast', lessThan: 'slow' }],
  entry: 'crossUp(sma(close, $fast), sma(close, $slow))',
  exit: 'crossDown(sma(close, $fast), sma(close, $slow))',
});
