import { Type } from 'typebox';
import type { Route } from '../route';
import { listDataFiles } from '../runs/data-files';
import { SYNTHETIC } from '../runs/gateway-backtest';

const DataFileSchema = Type.Object({
  name: Type.String(),
  bars: Type.Integer(),
  symbol: Type.Optional(Type.String()),
  timeframe: Type.Optional(Type.String()),
});

export const dataFilesRoutes: Route[] = [
  {
    method: 'GET',
    path: '/data-files',
    summary: `OHLCV files a backtest can run on (the data folder), with bar counts; "${SYNTHETIC}" is always available`,
    tag: 'runs',
    response: Type.Object({ files: Type.Array(DataFileSchema) }),
    handler: async (_req, ctx) => ({ status: 200, json: { files: listDataFiles(ctx.dataDir) } }),
  },
];
