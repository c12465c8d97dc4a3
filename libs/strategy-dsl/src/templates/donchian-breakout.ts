import { defineTemplate, period } from './template';

export const donchianBreakout = defineTemplate({
  name: 'donchian-breakout',
  description: 'Turtle-style breakout: buy a close above the previous N-bar high, sell a close below the previous M-bar low.',
  rules:
    'The previous N-bar high at bar t is the highest high of bars t-N .. t-1 (the current bar excluded: ' +
    'lag(donchian(N).upper, 1)). Entry when close[t] > that high (strictly) -> weight 1; exit when close[t] < the lowest low ' +
    'of bars t-M .. t-1 -> weight 0. Levels, not crossings. Long only; no signal before N (entry) and M (exit) earlier bars exist.',
  params: [period('entryPeriod', 20, 'N: bars of the breakout high.'), period('exitPeriod', 10, 'M: bars of the exit low.')],
  entry: 'close > lag(donchian($entryPeriod).upper, 1)',
  exit: 'close < lag(donchian($exitPeriod).lower, 1)',
});
