import { defineTemplate, period } from './template';

export const meanReversion = defineTemplate({
  name: 'mean-reversion',
  description: 'Bollinger mean reversion: buy a close below the lower band, sell when the close gets back above the middle band.',
  rules:
    'Bollinger bands of the close (SMA(period) +- multiplier x population standard deviation). Entry when the bar closes ' +
    'strictly below the lower band -> weight 1; exit when a bar closes strictly above the middle band (the SMA) -> weight 0. ' +
    'Levels, not crossings: while long, further closes below the band change nothing; a close between the lower and the ' +
    'middle band holds the position. Long only.',
  params: [
    period('period', 20, 'Bollinger window (bars).', 2),
    { name: 'multiplier', type: 'number', default: 2, min: 0.1, max: 10, description: 'Band width in standard deviations.' },
  ],
  entry: 'close < bbands(close, $period, $multiplier).lower',
  exit: 'close > bbands(close, $period, $multiplier).middle',
});
