import { filters, type HeliosEvent } from '@helios/contracts';
import type { DeadLetterRow } from '../../shared/api';
import { tailOf } from '../live/stream-reads';
import type { Route } from '../route';
import { limitParam } from '../route-inputs';

export const dlqRoutes: Route[] = [
  {
    method: 'GET',
    path: '/dlq',
    summary: 'Dead letters (system.dlq.*) with their reasons, newest first (?limit=N, default 50, at most 500)',
    tag: 'system',
    handler: async (req, ctx) => {
      const limit = limitParam(req.query, 50, 500);
      const rows = await tailOf(ctx.js, ctx.jsm, 'SYSTEM', filters.deadLetters, limit, 50_000);
      const out: DeadLetterRow[] = rows.reverse().map((r) => {
        const p = (r.event as HeliosEvent<'system.dlq'>).payload;
        return { seq: r.seq, ts: r.event.ts, service: p.service, reason: p.reason, message: p.message, originalSubject: p.originalSubject, raw: p.raw };
      });
      return { status: 200, json: out };
    },
  },
];
