// Test support: one example subject per kind, shared by the subject and stream specs.
import type { ParsedSubject } from './subject-parser';
import { ALL_INSTANCES, subjects } from './subjects';

/** One example per subject kind: the builder call, the subject it must give, what parsing gives back. */
export const subjectCases: Array<[string, string, ParsedSubject]> = [
  [subjects.candle('binance', 'BTC-USDT', '1m'), 'md.candle.binance.BTC-USDT.1m', { kind: 'candle', venue: 'binance', symbol: 'BTC-USDT', tf: '1m' }],
  [subjects.tick('binance', 'BTC-USDT'), 'md.tick.binance.BTC-USDT', { kind: 'tick', venue: 'binance', symbol: 'BTC-USDT' }],
  [subjects.depth('kraken', 'ETH-EUR'), 'md.depth.kraken.ETH-EUR', { kind: 'depth', venue: 'kraken', symbol: 'ETH-EUR' }],
  [subjects.gap('binance', 'BTC-USDT', '4h'), 'md.gap.binance.BTC-USDT.4h', { kind: 'gap', venue: 'binance', symbol: 'BTC-USDT', tf: '4h' }],
  [subjects.indicator('rsi', 2, 'BTC-USDT', '15m'), 'indicator.rsi.v2.BTC-USDT.15m', { kind: 'indicator', name: 'rsi', version: 2, symbol: 'BTC-USDT', tf: '15m' }],
  [subjects.intent('sma-cross'), 'strategy.intent.sma-cross', { kind: 'intent', strategyId: 'sma-cross' }],
  [subjects.mlAdvice('gbm', 'BTC-USDT'), 'ml.advice.gbm.BTC-USDT', { kind: 'mlAdvice', model: 'gbm', symbol: 'BTC-USDT' }],
  [subjects.riskApproved('sma-cross'), 'risk.approved.sma-cross', { kind: 'riskApproved', strategyId: 'sma-cross' }],
  [subjects.riskRejected('sma-cross'), 'risk.rejected.sma-cross', { kind: 'riskRejected', strategyId: 'sma-cross' }],
  [subjects.riskHalt(), 'risk.halt', { kind: 'riskHalt' }],
  [subjects.order('new', 'paper-1'), 'order.new.paper-1', { kind: 'order', orderKind: 'new', account: 'paper-1' }],
  [subjects.order('fill', 'paper-1'), 'order.fill.paper-1', { kind: 'order', orderKind: 'fill', account: 'paper-1' }],
  [subjects.pnlUpdate('sma-cross'), 'pnl.update.sma-cross', { kind: 'pnlUpdate', strategyId: 'sma-cross' }],
  [subjects.pnlGlobal(), 'pnl.global', { kind: 'pnlGlobal' }],
  [subjects.riskViolation('sma-cross'), 'risk.violation.sma-cross', { kind: 'riskViolation', strategyId: 'sma-cross' }],
  [subjects.heartbeat('risk-gate', 'laptop-a-1'), 'system.heartbeat.risk-gate.laptop-a-1', { kind: 'heartbeat', service: 'risk-gate', instance: 'laptop-a-1' }],
  [subjects.cmd('risk-gate', ALL_INSTANCES), 'system.cmd.risk-gate._all', { kind: 'cmd', service: 'risk-gate', instance: '_all' }],
  [subjects.dlq('risk-gate'), 'system.dlq.risk-gate', { kind: 'dlq', service: 'risk-gate' }],
  [subjects.run('bt-42', 'completed'), 'run.bt-42.completed', { kind: 'run', runId: 'bt-42', event: 'completed' }],
];
