import { Type } from 'typebox';
import { KV_BUCKETS, subjects, type HeliosEvent } from '@helios/contracts';
import { parseStrategyDefinition, StrategyDefinitionError, StrategyDefinitionSchema, strategyKey } from '@helios/domain-strategy';
import { storedKvKeys } from '@helios/nats';
import type { CommandAccepted, SignalRow, StrategyMetrics, StrategySummary } from '../../shared/api';
import type { ServiceBeat } from '../../shared/live';
import { tailOf } from '../live/stream-reads';
import { ApiFailure, type GatewayContext, type Route } from '../route';
import { forgetStrategyRunner, launchStrategy } from '../agent-channel';
import { limitParam, readJsonKey, tokenParam } from '../route-inputs';
import { RUNNER } from '../strategy-process';
import { STALE_AFTER_MS } from './services';

const strategyId = (params: Record<string, string>): string => tokenParam(params, 'id');

async function readDefinition(ctx: GatewayContext, id: string): Promise<{ def: Record<string, unknown>; revision: number }> {
  const read = await readJsonKey<Record<string, unknown>>(ctx, strategyKey(id), 'id');
  if (read === undefined) throw new ApiFailure(404, `no strategy ${id} (KV ${KV_BUCKETS.config} key ${strategyKey(id)})`, 'id');
  return { def: read.value, revision: read.revision };
}

/** The strategy-runner process serving a strategy: its own instance (one process per strategy), else an `--all` runner listing it. */
function beatOf(ctx: GatewayContext, id: string): ServiceBeat | undefined {
  const runners = ctx.live.beats().filter((b) => b.service === RUNNER);
  return (
    runners.find((b) => b.instance === id) ??
    runners.find((b) => {
      const strategies = (b.heartbeat.details as { config?: { strategies?: Record<string, unknown> } } | undefined)?.config?.strategies;
      return strategies !== undefined && id in strategies;
    })
  );
}

function isLive(ctx: GatewayContext, beat: ServiceBeat | undefined): boolean {
  return beat !== undefined && ctx.now() - beat.receivedAt <= STALE_AFTER_MS && beat.heartbeat.status !== 'stopped';
}

function statusOf(ctx: GatewayContext, def: Record<string, unknown>, beat: ServiceBeat | undefined): StrategySummary['status'] {
  if (def['stopped'] === true) return 'stopped';
  if (beat === undefined) return 'unknown';
  if (!isLive(ctx, beat)) return 'stopped';
  if (def['paused'] === true || beat.heartbeat.status === 'paused') return 'paused';
  return 'running';
}

const NO_METRICS: StrategyMetrics = { trades: 0, winRate: null, sharpe: null, maxDrawdownPct: null };

/** The ids of the `strategy.*` keys (deleted ones too: they have no definition to read), without a consumer per call (the board asks every 3 s). */
async function strategyIds(ctx: GatewayContext): Promise<string[]> {
  return (await storedKvKeys(ctx.jsm, KV_BUCKETS.config, 'strategy.>')).map((key) => key.slice('strategy.'.length));
}

async function summaries(ctx: GatewayContext): Promise<StrategySummary[]> {
  const defs: Array<{ id: string; def: Record<string, unknown> }> = [];
  for (const id of await strategyIds(ctx)) {
    try {
      const read = await readJsonKey<Record<string, unknown>>(ctx, strategyKey(id));
      if (read !== undefined) defs.push({ id, def: read.value });
    } catch {
      // not JSON: not a strategy to show
    }
  }
  const pnl = new Map(ctx.live.pnl().strategies.map((p) => [p.strategyId, p]));
  const metrics = await ctx.strategyMetrics.metricsOf(defs.map((d) => d.id));
  return defs.map(({ id, def }) => {
    const beat = beatOf(ctx, id);
    const s: StrategySummary = { id, definition: def, status: statusOf(ctx, def, beat), metrics: metrics.get(id) ?? NO_METRICS };
    if (beat) s.beat = beat;
    const p = pnl.get(id);
    if (p) s.pnl = p;
    return s;
  });
}

/** Changes run-time switches of a definition (paused, stopped); a no-op when they already hold. */
async function setSwitches(ctx: GatewayContext, id: string, switches: { paused?: boolean; stopped?: boolean }): Promise<void> {
  const { def, revision } = await readDefinition(ctx, id);
  if (Object.entries(switches).every(([k, v]) => (def[k] ?? false) === v)) return;
  const next = { ...def, ...switches };
  // Compare-and-set on the revision read: a concurrent edit is not overwritten.
  try {
    await ctx.config.update(strategyKey(id), JSON.stringify(next), revision);
  } catch (err) {
    throw new ApiFailure(409, `strategy ${id} changed meanwhile; try again (${(err as Error).message})`, 'id');
  }
}

/**
 * Positions the strategy's newest P&L updates show open, per instrument (any instrument: one it no
 * longer lists may still be held), from the newest 8,000 messages of PNL (tailOf's scan): a position
 * last marked before them is not seen, so the check guards the usual case, not every one.
 */
async function openPositions(ctx: GatewayContext, id: string): Promise<Array<{ instrument: string; position: number }>> {
  const rows = await tailOf(ctx.js, ctx.jsm, 'PNL', subjects.pnlUpdate(id), 1_000);
  const latest = new Map<string, number>();
  for (const r of rows) {
    const p = (r.event as HeliosEvent<'pnl.update'>).payload;
    if (p.instrument !== undefined) latest.set(p.instrument, p.position);
  }
  return [...latest]
    .filter(([, position]) => position !== 0)
    .map(([instrument, position]) => ({ instrument, position }));
}

const accepted = (command: string, target: string): { status: number; json: CommandAccepted } => ({ status: 202, json: { accepted: true, command, target } });

const CommandAcceptedSchema = Type.Object({ accepted: Type.Literal(true), command: Type.String(), target: Type.String(), note: Type.Optional(Type.String()) });

export const strategiesRoutes: Route[] = [
  {
    method: 'GET',
    path: '/strategies',
    summary: 'Every configured strategy (KV strategy.*) with its status, heartbeat, P&L and metrics',
    tag: 'strategies',
    handler: async (_req, ctx) => ({ status: 200, json: await summaries(ctx) }),
  },
  {
    method: 'POST',
    path: '/strategies',
    summary: 'Add or replace a strategy (hot: the running system picks it up, no restart)',
    tag: 'strategies',
    body: StrategyDefinitionSchema,
    successStatus: 201,
    handler: async (req, ctx) => {
      const def = req.body as { id: string };
      const key = strategyKey(def.id);
      try {
        parseStrategyDefinition(key, def);
      } catch (err) {
        if (err instanceof StrategyDefinitionError) throw new ApiFailure(400, err.message, '/');
        throw err;
      }
      const existed = (await ctx.config.get(key))?.operation === 'PUT';
      await ctx.config.put(key, JSON.stringify(def));
      // A new strategy needs a process unless one already serves it (its runner reconfigures itself
      // from KV) or it is saved stopped (start runs it).
      const stopped = (def as { stopped?: boolean }).stopped === true;
      const launch = stopped || isLive(ctx, beatOf(ctx, def.id)) ? undefined : await launchStrategy(ctx, def.id);
      return { status: existed ? 200 : 201, json: { id: def.id, replaced: existed, launchedPid: launch?.pid ?? undefined, launchedBy: launch?.by, note: launch?.note } };
    },
  },
  {
    method: 'GET',
    path: '/strategies/:id',
    summary: 'One strategy with its status, heartbeat, P&L and metrics',
    tag: 'strategies',
    handler: async (req, ctx) => {
      const id = strategyId(req.params);
      const found = (await summaries(ctx)).find((s) => s.id === id);
      if (!found) throw new ApiFailure(404, `no strategy ${id}`, 'id');
      return { status: 200, json: found };
    },
  },
  {
    method: 'POST',
    path: '/strategies/:id/stop',
    summary:
      "Stop a strategy: KV stopped: true, so its runner drains, snapshots and exits 0 and no restart (of the agent, of the system) runs it again until start; every other process keeps running",
    tag: 'strategies',
    successStatus: 202,
    response: CommandAcceptedSchema,
    handler: async (req, ctx) => {
      const id = strategyId(req.params);
      await readDefinition(ctx, id);
      const beat = beatOf(ctx, id);
      if (beat !== undefined && beat.instance !== id) {
        throw new ApiFailure(409, `strategy ${id} runs inside ${RUNNER}/${beat.instance} with other strategies; pause it instead (stopping would stop them all)`, 'id');
      }
      await setSwitches(ctx, id, { stopped: true });
      const note = isLive(ctx, beat)
        ? `recorded stopped (KV stopped: true): ${RUNNER}/${id} drains, snapshots and exits 0`
        : `no ${RUNNER} process was running it; recorded stopped (KV stopped: true), so none runs it until start`;
      return { status: 202, json: { ...accepted('stop', `${RUNNER}/${id}`).json, note } };
    },
  },
  {
    method: 'DELETE',
    path: '/strategies/:id',
    summary:
      'Remove a strategy: its KV definition is deleted, its runner exits 0 and the node agent forgets it. Refused (409) while its latest P&L shows a position, unless ?force=true (the position then stays open, unmanaged)',
    tag: 'strategies',
    handler: async (req, ctx) => {
      const id = strategyId(req.params);
      await readDefinition(ctx, id);
      const force = req.query.get('force');
      if (force !== null && force !== 'true' && force !== 'false') throw new ApiFailure(400, `force: expected true or false, got ${JSON.stringify(force)}`, 'force');
      if (force !== 'true') {
        const open = await openPositions(ctx, id);
        if (open.length > 0) {
          throw new ApiFailure(
            409,
            `strategy ${id} holds ${open.map((p) => `${p.position} ${p.instrument}`).join(', ')}: flatten it first (save it with killSwitch: true and wait for the fills), or remove it with ?force=true and leave the position open`,
            'id',
          );
        }
      }
      await ctx.config.delete(strategyKey(id));
      const note = await forgetStrategyRunner(ctx, id);
      return { status: 200, json: { id, removed: true, note } };
    },
  },
  {
    method: 'POST',
    path: '/strategies/:id/start',
    summary: 'Start a stopped strategy (clears KV stopped and paused; a strategy-runner under the node agent, the gateway spawns it only when no agent answers) or resume a paused one',
    tag: 'strategies',
    successStatus: 202,
    response: CommandAcceptedSchema,
    handler: async (req, ctx) => {
      const id = strategyId(req.params);
      // Cleared first: a runner started while stopped: true would exit at once.
      await setSwitches(ctx, id, { paused: false, stopped: false });
      if (isLive(ctx, beatOf(ctx, id))) return accepted('resume', `${RUNNER}/${id}`);
      const launch = await launchStrategy(ctx, id);
      return { status: 202, json: { ...accepted('start', `${RUNNER}/${id}`).json, note: launch.note } };
    },
  },
  ...(
    [
      ['pause', true, 'Pause a strategy: it keeps its indicators warm but sends no intents (KV paused: true, survives restarts)'],
      ['resume', false, 'Resume a paused strategy (KV paused: false)'],
    ] as const
  ).map(
    ([command, paused, summary]): Route => ({
      method: 'POST',
      path: `/strategies/:id/${command}`,
      summary,
      tag: 'strategies',
      successStatus: 202,
      response: CommandAcceptedSchema,
      handler: async (req, ctx) => {
        const id = strategyId(req.params);
        await setSwitches(ctx, id, { paused });
        return accepted(command, `strategy.${id}`);
      },
    }),
  ),
  {
    method: 'GET',
    path: '/strategies/:id/metrics',
    summary: "A strategy's live metrics from its own events (closed round trips, win rate, Sharpe and max drawdown of its pnl.update curve), P&L, and its process's heartbeat",
    tag: 'strategies',
    handler: async (req, ctx) => {
      const id = strategyId(req.params);
      await readDefinition(ctx, id);
      const beat = beatOf(ctx, id);
      const pnl = ctx.live.pnl().strategies.find((p) => p.strategyId === id);
      const metrics = (await ctx.strategyMetrics.metricsOf([id])).get(id) ?? NO_METRICS;
      return { status: 200, json: { id, metrics, pnl, heartbeat: beat?.heartbeat } };
    },
  },
  {
    method: 'GET',
    path: '/strategies/:id/signals',
    summary: 'The newest intents (strategy.intent) of one strategy, newest first (?limit=N, default 50, at most 500)',
    tag: 'strategies',
    handler: async (req, ctx) => {
      const id = strategyId(req.params);
      const limit = limitParam(req.query, 50, 500);
      const rows = await tailOf(ctx.js, ctx.jsm, 'STRATEGY', subjects.intent(id), limit, 20_000);
      const signals: SignalRow[] = [];
      for (const r of rows.reverse()) {
        const e = r.event as HeliosEvent<'strategy.intent'>;
        for (const t of e.payload.targets) signals.push({ id: e.id, ts: e.ts, instrument: t.instrument, targetWeight: t.weight ?? t.qty ?? 0, reason: t.reason });
      }
      return { status: 200, json: signals.slice(0, limit) };
    },
  },
];
