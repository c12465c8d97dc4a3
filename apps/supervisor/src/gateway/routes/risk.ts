import { Type } from 'typebox';
import { LIMITS_KEY } from '@helios/contracts';
import {
  DRAWDOWN_LEVELS,
  drawdownPct,
  maxKnown,
  resolveRiskConfig,
  RiskConfigError,
  RiskConfigSchema,
  strategyLimits,
  type DrawdownLimits,
  type EquityPeaks,
  type RiskConfig,
  type RiskConfigInput,
} from '@helios/domain-risk';
import type { RiskView } from '../../shared/api';
import type { EquityPeaksNow } from '../live/equity-drawdowns';
import { ApiFailure, type GatewayContext, type Route } from '../route';
import { readJsonKey } from '../route-inputs';

async function readLimits(ctx: GatewayContext): Promise<RiskConfigInput> {
  return (await readJsonKey<RiskConfigInput>(ctx, LIMITS_KEY))?.value ?? {};
}

type Usage = RiskView['usage'];

/** A drawdown limit's levels with the drawdown `used` (in percent), labelled `<prefix>.<level>`. */
function drawdownRows(usage: Usage, prefix: string, limits: DrawdownLimits, used: number | undefined): void {
  const suffix = limits.window === 'day' ? ' (UTC day)' : '';
  for (const level of DRAWDOWN_LEVELS) {
    if (limits[level] !== Infinity) addUsage(usage, `${prefix}.${level}${suffix}`, used, limits[level]);
  }
}

/** The latest equity's drawdown from the peak of its UTC day (that day's opening equity included), as the gate measures a daily window. */
function dayDrawdown(peaks: Readonly<EquityPeaks> | undefined): number | undefined {
  return peaks === undefined ? undefined : drawdownPct(peaks.equity, peaks.dayPeakEquity);
}

function addUsage(usage: Usage, limit: string, used: number | undefined, max: number | undefined): void {
  if (used === undefined || max === undefined || !Number.isFinite(used)) return;
  usage.push({ limit, used, max, pct: Math.round((used / max) * 10_000) / 100 });
}

/**
 * Usage of the limits that follow the equity, from the P&L the gateway has seen: gross exposure and
 * its multiple of equity (latest `pnl.global`); the portfolio's drawdown (from `pnl.global`, or for
 * a daily window from the day's peak of its equities); each strategy's drawdown (from its
 * `pnl.update` equities and its configured initial equity, as the risk gate measures it). Position,
 * order and rate limits are checked per intent inside the gate and are not shown.
 */
export function riskUsage(limits: RiskConfigInput, global: ReturnType<GatewayContext['live']['pnl']>['global'], peaks: EquityPeaksNow): Usage {
  const usage: Usage = [];
  addUsage(usage, 'maxGrossExposure', global?.grossExposure, limits.maxGrossExposure);
  const multiple = global?.grossExposure !== undefined && global.equity !== undefined && global.equity > 0 ? global.grossExposure / global.equity : undefined;
  addUsage(usage, 'maxGrossExposureMultiple', multiple, limits.maxGrossExposureMultiple);
  let config: RiskConfig;
  try {
    config = resolveRiskConfig(limits);
  } catch {
    return usage; // The gate refuses such limits too; the page shows them as configured.
  }
  const portfolio = config.portfolioDrawdown;
  drawdownRows(usage, 'portfolioDrawdown', portfolio, portfolio.window === 'day' ? dayDrawdown(peaks.portfolio) : global?.drawdownPct);
  for (const id of [...peaks.strategies.keys()].sort()) {
    const strategy = strategyLimits(config, id);
    const p = peaks.strategies.get(id);
    if (strategy === null || p === undefined) continue;
    // A strategy's highest equity starts at its configured initial equity, as in the gate's book.
    const used = strategy.drawdown.window === 'day' ? dayDrawdown(p) : drawdownPct(p.equity, maxKnown(p.peakEquity, strategy.initialEquity));
    drawdownRows(usage, `${id}: drawdown`, strategy.drawdown, used);
  }
  return usage;
}

export const riskRoutes: Route[] = [
  {
    method: 'GET',
    path: '/risk',
    summary: 'Risk limits (KV risk.limits), their current usage and the halt switch',
    tag: 'risk',
    handler: async (_req, ctx) => {
      const limits = await readLimits(ctx);
      const view: RiskView = { limits: limits as Record<string, unknown>, usage: riskUsage(limits, ctx.live.pnl().global, ctx.live.equityPeaks()), halt: ctx.live.halt() };
      return { status: 200, json: view };
    },
  },
  {
    method: 'GET',
    path: '/risk/schema',
    summary: 'JSON Schema of the risk limits',
    tag: 'risk',
    handler: async () => ({ status: 200, json: RiskConfigSchema }),
  },
  {
    method: 'PUT',
    path: '/risk/limits',
    summary: 'Replace the risk limits (validated; the risk gate applies them without a restart)',
    tag: 'risk',
    body: RiskConfigSchema,
    response: Type.Object({ revision: Type.Number() }),
    handler: async (req, ctx) => {
      try {
        resolveRiskConfig(req.body as RiskConfigInput);
      } catch (err) {
        if (err instanceof RiskConfigError) throw new ApiFailure(400, err.message, err.issues[0]?.path ?? '/');
        throw err;
      }
      const revision = await ctx.config.put(LIMITS_KEY, JSON.stringify(req.body));
      return { status: 200, json: { revision } };
    },
  },
];
