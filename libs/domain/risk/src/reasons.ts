import type { RiskReason } from '@helios/contracts';

/** Rule ids as they appear in `risk.rejected.reasons[].rule`, in the order reasons are listed. */
export const RISK_RULES = [
  'unknownStrategy',
  'halt',
  'orderRate',
  'portfolioDrawdownLiquidate',
  'portfolioDrawdownHalt',
  'portfolioDrawdownReduceOnly',
  'drawdownLiquidate',
  'drawdownHalt',
  'drawdownReduceOnly',
  'unknownEquity',
  'unknownPortfolioEquity',
  'weightRange',
  'noMark',
  'staleMark',
  'priceCollar',
  'maxPositionQty',
  'maxPositionNotional',
  'grossExposure',
  'maxOrderNotional',
] as const;
export type RiskRule = (typeof RISK_RULES)[number];

/** Numbers in messages: ten significant digits, so 520.0000000001 bps reads as 520. */
export function fmt(n: number): string {
  return String(Number(n.toPrecision(10)));
}

export function reason(rule: RiskRule, message: string, limit?: number, value?: number): RiskReason {
  const r: RiskReason = { rule, message };
  if (limit !== undefined && Number.isFinite(limit)) r.limit = limit;
  if (value !== undefined && Number.isFinite(value)) r.value = value;
  return r;
}
