import { formatTime } from '@helios/domain-market-data';
import type { Command } from '../args/command';
import { EXIT_OK } from '../args/usage-error';
import { loadOhlcvFile } from '../data-file';
import { computeIndicators } from '../indicators/compute-indicators';
import { DEFAULT_SPEC, parseIndicatorSpec, SPEC_HELP } from '../indicators/indicator-spec';
import { writeOutput } from '../output-file';

export const indicatorsCommand: Command = {
  name: 'indicators',
  summary: 'compute indicator columns for every bar of an OHLCV CSV',
  usage: '--data FILE --out FILE [--spec SPEC]',
  flags: [
    { name: 'data', kind: 'string', valueName: 'FILE', required: true, description: 'OHLCV CSV (ts,open,high,low,close,volume or Date,Open,...)' },
    { name: 'out', kind: 'string', valueName: 'FILE', required: true, description: 'output CSV, - for stdout' },
    { name: 'spec', kind: 'string', valueName: 'SPEC', default: DEFAULT_SPEC, description: 'comma-separated indicators, name:param:...' },
  ],
  details: `Writes one row per input bar: the time (same column name and format as the input), close, then
the indicator columns; a value still warming up is an empty cell. Numbers are written in their
shortest exact form. With the default spec the header is exactly that of the TTR reference files:
sma20,ema20,rsi14,macd,macd_signal,macd_hist,bb_dn,bb_mavg,bb_up,bb_pctB,tr,atr14,di_plus14,
di_minus14,dx14,adx14,stoch_fastK,stoch_fastD,stoch_slowD.

Indicators: ${SPEC_HELP}.
Multi-output indicators with non-default parameters get them as a suffix, e.g. macd_5_35_5.

Example: helios indicators --data ../shared/data/ttrc_daily.csv --out ttrc-indicators.csv`,
  async run(flags, io) {
    const groups = parseIndicatorSpec(flags['spec'] as string);
    const data = loadOhlcvFile(flags['data'] as string, io.cwd);
    const table = computeIndicators(data.series, groups);
    const width = table.columns.length;
    const lines = new Array<string>(table.rows + 1);
    lines[0] = [data.timeHeader, 'close', ...table.columns].join(',');
    const cells = new Array<string>(width + 2);
    for (let i = 0; i < table.rows; i++) {
      cells[0] = formatTime(data.series.time[i], data.timeFormat);
      cells[1] = String(data.series.close[i]);
      for (let k = 0; k < width; k++) {
        const x = table.values[i * width + k];
        cells[k + 2] = x === x ? String(x) : '';
      }
      lines[i + 1] = cells.join(',');
    }
    writeOutput(flags['out'] as string, lines.join('\n') + '\n', io);
    return EXIT_OK;
  },
};
