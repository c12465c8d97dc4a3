import { filters, parseSubject, SubjectError } from '@helios/contracts';
import { Type } from 'typebox';
import type { LiveInstrument } from '../../shared/api';
import type { GatewayContext, Route } from '../route';

const InstrumentSchema = Type.Object({
  venue: Type.String(),
  symbol: Type.String(),
  timeframe: Type.String(),
  candles: Type.Integer(),
});

/**
 * The instruments the live log has candles of, most candles first: what a strategy deployed to
 * paper can trade. The feeds take their symbols from the command line (no KV configuration), so the
 * MD stream's own subjects are the one place that knows them (a replay's run-scoped candles go to BT).
 */
async function liveInstruments(ctx: Pick<GatewayContext, 'jsm'>): Promise<LiveInstrument[]> {
  const info = await ctx.jsm.streams.info('MD', { subjects_filter: filters.allCandles });
  const out: LiveInstrument[] = [];
  for (const [subject, candles] of Object.entries(info.state.subjects ?? {})) {
    try {
      const p = parseSubject(subject);
      if (p.kind === 'candle') out.push({ venue: p.venue, symbol: p.symbol, timeframe: p.tf, candles });
    } catch (err) {
      // A subject no Helios feed writes (another tool's): not an instrument to offer.
      if (!(err instanceof SubjectError)) throw err;
    }
  }
  return out.sort((a, b) => b.candles - a.candles || a.symbol.localeCompare(b.symbol) || a.timeframe.localeCompare(b.timeframe) || a.venue.localeCompare(b.venue));
}

export const instrumentsRoutes: Route[] = [
  {
    method: 'GET',
    path: '/instruments',
    summary: 'Instruments with candles in the live log (MD), with their venue, timeframe and candle count, most candles first',
    tag: 'strategies',
    response: Type.Object({ instruments: Type.Array(InstrumentSchema) }),
    handler: async (_req, ctx) => ({ status: 200, json: { instruments: await liveInstruments(ctx) } }),
  },
];
