// The board's live state, folded from the gateway's updates: the latest heartbeat per instance, the
// latest flow rates, P&L and halt. Pure, so the page only wires it to the socket.
import type { FlowRate, HaltState, LiveUpdate, ServiceBeat, StrategyPnl } from '../../shared/live';

export interface LiveBoardState {
  beats: Map<string, ServiceBeat>;
  flows: FlowRate[];
  pnl: { strategies: StrategyPnl[]; global?: { total: number; drawdownPct?: number; ts: number } };
  halt?: HaltState;
  /** Whether a heartbeat arrived yet: the graph is built from them (loading state until then). */
  received: boolean;
}

export const emptyBoardState = (): LiveBoardState => ({ beats: new Map(), flows: [], pnl: { strategies: [] }, received: false });

export function foldBoardUpdates(state: LiveBoardState, updates: readonly LiveUpdate[]): LiveBoardState {
  if (updates.length === 0) return state;
  let { beats, flows, pnl, halt } = state;
  let received = state.received;
  for (const u of updates) {
    switch (u.kind) {
      case 'heartbeat': {
        if (beats === state.beats) beats = new Map(beats);
        beats.set(`${u.beat.service}.${u.beat.instance}`, u.beat);
        received = true;
        break;
      }
      case 'flows':
        flows = u.rates;
        break;
      case 'pnl': {
        // A P&L update may carry only the strategies that changed: merge by id.
        const byId = new Map(pnl.strategies.map((p) => [p.strategyId, p]));
        for (const p of u.strategies) byId.set(p.strategyId, p);
        pnl = { strategies: [...byId.values()], global: u.global ?? pnl.global };
        break;
      }
      case 'halt':
        halt = u.halt;
        break;
      default:
        break;
    }
  }
  return { beats, flows, pnl, halt, received };
}
