import { Type, type Static } from 'typebox';
import { Finite, Id, Instrument, NonNegative, payloadOptions } from '../primitives';

export const PnlUpdateSchema = Type.Object(
  {
    strategyId: Id(),
    instrument: Type.Optional(Instrument()),
    position: Finite('Signed position.'),
    avgPrice: NonNegative('Average entry price; 0 when flat.'),
    realized: Finite(),
    unrealized: Finite(),
    equity: Finite(),
    fees: Finite('Fees paid; negative when rebates exceed fees.'),
  },
  payloadOptions('pnl.update', 1, 'Marked-to-market P&L of one strategy, optionally for one instrument.'),
);
export type PnlUpdatePayload = Static<typeof PnlUpdateSchema>;

export const PnlGlobalSchema = Type.Object(
  {
    realized: Finite(),
    unrealized: Finite(),
    equity: Finite(),
    cash: Finite(),
    grossExposure: NonNegative('Sum of absolute position notionals.'),
    drawdownPct: Type.Number({ minimum: 0, maximum: 100, description: 'Drawdown from peak equity, in percent.' }),
  },
  payloadOptions('pnl.global', 1, 'Portfolio-wide P&L.'),
);
export type PnlGlobalPayload = Static<typeof PnlGlobalSchema>;
