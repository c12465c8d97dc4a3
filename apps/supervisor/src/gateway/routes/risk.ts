import { Type } from 'typebox';
import { LIMITS_KEY } from '@helios/contracts';
import { resolveRiskConfig, RiskConfigError, RiskConfigSchema, type RiskConfigInput } from '@helios/domain-risk';
import type { RiskView } from '../../shared/api';
import { ApiFailure, type GatewayContext, type Route } from '../route';
import { readJsonKey } from '../route-inputs';

async function readLimits(ctx: GatewayContext): Promise<RiskConfigInput> {
  return (await readJsonKey<RiskConfigInput>(ctx, LIMITS_KEY))?.value ?? {};
}

/**
 * Usage of the portfolio-wide limits from the latest `pnl.global` the gateway saw (gross exposure,
 * its multiple of equity, drawdown from the highest equity). Per-instrument and per-strategy usage,
 * and a daily drawdown, live inside the risk gate's state and are not published, so they are not shown.
 */
export function riskUsage(limits: RiskConfigInput, global: ReturnType<GatewayContext['live']['pnl']>['global']): RiskView['usage'] {
  const usage: RiskView['usage'] = [];
  const add = (limit: string, used: number | undefined, max: number | undefined) => {
    if (used === undefined || max === undefined || !Number.isFinite(used)) return;
    usage.push({ limit, used, max, pct: Math.round((used / max) * 10_000) / 100 });
  };
  add('maxGrossExposure', global?.grossExposure, limits.maxGrossExposure);
  const multiple = global?.grossExposure !== undefined && global.equity !== undefined && global.equity > 0 ? global.grossExposure / global.equity : undefined;
  add('maxGrossExposureMultiple', multiple, limits.maxGrossExposureMultiple);
  // pnl.global's drawdown is from the highest equity ever: a daily window's usage is not known here.
  const drawdown = limits.portfolioDrawdown?.window === 'day' ? undefined : global?.drawdownPct;
  add('portfolioDrawdown.reduceOnlyAtPct', drawdown, limits.portfolioDrawdown?.reduceOnlyAtPct);
  add('portfolioDrawdown.haltAtPct', drawdown, limits.portfolioDrawdown?.haltAtPct);
  add('portfolioDrawdown.liquidateAtPct', drawdown, limits.portfolioDrawdown?.liquidateAtPct);
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
      const view: RiskView = { limits: limits as Record<string, unknown>, usage: riskUsage(limits, ctx.live.pnl().global), halt: ctx.live.halt() };
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
