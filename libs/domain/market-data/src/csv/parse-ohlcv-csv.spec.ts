import { parseOhlcvCsv } from './parse-ohlcv-csv';
import { OhlcvCsvError } from './ohlcv-csv-error';
import { readSharedCsv } from '../../spec-support/shared-data';

const HOUR = 3_600_000;
const T0 = Date.UTC(2022, 0, 1);

function errorOf(text: string): OhlcvCsvError {
  try {
    parseOhlcvCsv(text, { source: 'bars.csv' });
  } catch (error) {
    if (error instanceof OhlcvCsvError) return error;
    throw error;
  }
  throw new Error('expected the CSV to be refused');
}

describe('parseOhlcvCsv', () => {
  it('reads ISO times with Z into columns, exactly', () => {
    const { series, timeFormat, timeHeader } = parseOhlcvCsv(
      'ts,open,high,low,close,volume\n2022-01-01T00:00:00Z,46197,46739,46195,46672,123626783.6826\n2022-01-01T01:00:00Z,46672,46950,46582,46802.5,0\n',
    );
    expect(timeFormat).toBe('iso');
    expect(timeHeader).toBe('ts');
    expect(series.length).toBe(2);
    expect([...series.time]).toEqual([T0, T0 + HOUR]);
    expect([...series.open]).toEqual([46197, 46672]);
    expect([...series.high]).toEqual([46739, 46950]);
    expect([...series.low]).toEqual([46195, 46582]);
    expect([...series.close]).toEqual([46672, 46802.5]);
    expect([...series.volume]).toEqual([123626783.6826, 0]);
  });

  it('reads Date,Open,... in any case, dates as UTC midnight, CRLF, a BOM and quoted cells', () => {
    const { series, timeFormat, timeHeader } = parseOhlcvCsv(
      '\ufeffDATE,open,HIGH,Low,close,Volume\r\n1985-01-02,3.18,3.18,3.08,3.08,1870906\r\n"1985-01-03", 3.09 ,3.15,3.09,3.11,3099506\r\n\r\n',
    );
    expect(timeFormat).toBe('date');
    expect(timeHeader).toBe('DATE');
    expect([...series.time]).toEqual([Date.UTC(1985, 0, 2), Date.UTC(1985, 0, 3)]);
    expect([...series.open]).toEqual([3.18, 3.09]);
  });

  it('reads an ISO time without an offset as UTC, and honours an explicit offset', () => {
    const { series } = parseOhlcvCsv(
      'ts,open,high,low,close,volume\n2017-04-19T09:00:00,1,1,1,1,1\n2017-04-19 10:00:00.250,1,1,1,1,1\n2017-04-19T12:30:00+02:00,1,1,1,1,1\n',
    );
    const nine = Date.UTC(2017, 3, 19, 9);
    expect([...series.time]).toEqual([nine, nine + HOUR + 250, nine + 1.5 * HOUR]);
  });

  it('decides epoch seconds or milliseconds by magnitude (below 1e11 is seconds)', () => {
    const seconds = parseOhlcvCsv('ts,open,high,low,close,volume\n1640995200,1,1,1,1,1\n1640998800.5,1,1,1,1,1\n');
    expect(seconds.timeFormat).toBe('epoch-s');
    expect([...seconds.series.time]).toEqual([T0, T0 + HOUR + 500]);
    const millis = parseOhlcvCsv('timestamp,open,high,low,close,volume\n1640995200000,1,1,1,1,1\n1640998800000,1,1,1,1,1\n');
    expect(millis.timeFormat).toBe('epoch-ms');
    expect([...millis.series.time]).toEqual([T0, T0 + HOUR]);
  });

  it('parses numbers bit-identically to Number(), including long and exponent forms', () => {
    const cells = ['0.07000000000000028', '1e-3', '123456789012345678', '.5', '4.25E2', '0.1', '46319', '2300413.7295'];
    const text = 'ts,open,high,low,close,volume\n' + cells.map((c, i) => `${1000 + i},${c},${c},${c},${c},${c}`).join('\n');
    const { series } = parseOhlcvCsv(text);
    expect([...series.close]).toEqual(cells.map(Number));
  });

  it.each([
    ['a high below the low', 'ts,open,high,low,close,volume\n2022-01-01,10,11,10,10,1\n2022-01-02,10,9.5,10,10,1\n', 3, 'high 9.5 is below low 10'],
    ['a missing column', 'ts,open,high,low,close,volume\n2022-01-01,10,11,10,10,1\n2022-01-02,10,11,10,10,1\n2022-01-03,10,11,10,10\n', 4, '5 columns, expected 6'],
    ['an extra column', 'ts,open,high,low,close,volume\n2022-01-01,10,11,10,10,1,7\n', 2, '7 columns, expected 6'],
    ['a non-numeric value', 'ts,open,high,low,close,volume\n2022-01-01,10,11,10,abc,1\n', 2, 'close "abc" is not a finite number'],
    ['an empty value', 'ts,open,high,low,close,volume\n2022-01-01,10,11,,10,1\n', 2, 'low is empty'],
    ['time not increasing', 'ts,open,high,low,close,volume\n2022-01-02,10,11,10,10,1\n2022-01-02,10,11,10,10,1\n', 3, 'time 2022-01-02 is not after the previous row\'s 2022-01-02'],
    ['time going back', 'ts,open,high,low,close,volume\n2022-01-01T02:00:00Z,10,11,10,10,1\n2022-01-01T01:00:00Z,10,11,10,10,1\n', 3, "time 2022-01-01T01:00:00Z is not after the previous row's 2022-01-01T02:00:00Z"],
    ['an impossible date', 'ts,open,high,low,close,volume\n2022-02-30,10,11,10,10,1\n', 2, 'time "2022-02-30" is not an ISO-8601 date (2022-01-31) or date-time (2022-01-31T13:45:00Z)'],
    ['a close above the high', 'ts,open,high,low,close,volume\n2022-01-01,10,11,10,12,1\n', 2, 'high 11 is below close 12'],
    ['a low above the open', 'ts,open,high,low,close,volume\n2022-01-01,10,11,10.5,11,1\n', 2, 'low 10.5 is above open 10'],
    ['a zero price', 'ts,open,high,low,close,volume\n2022-01-01,0,11,10,10,1\n', 2, 'open 0 must be > 0'],
    ['a negative volume', 'ts,open,high,low,close,volume\n2022-01-01,10,11,10,10,-1\n', 2, 'volume -1 must be >= 0'],
    ['an unknown header', 'when,open,high,low,close,volume\n2022-01-01,10,11,10,10,1\n', 1, 'header "when,open,high,low,close,volume" is not ts,open,high,low,close,volume (or Date,Open,High,Low,Close,Volume; any case)'],
    ['no rows', 'ts,open,high,low,close,volume\n', 2, 'no data rows after the header'],
    ['a blank line inside the data', 'ts,open,high,low,close,volume\n2022-01-01,10,11,10,10,1\n\n2022-01-02,10,11,10,10,1\n', 3, 'blank line before the end of the data'],
    ['epoch seconds then text', 'ts,open,high,low,close,volume\n1640995200,1,1,1,1,1\n2022-01-02,1,1,1,1,1\n', 3, 'time "2022-01-02" is not an ISO-8601 date or date-time, nor epoch seconds or milliseconds'],
  ])('refuses %s with the line number and the reason', (_what, text, line, reason) => {
    const error = errorOf(text);
    expect(error.line).toBe(line);
    expect(error.reason).toBe(reason);
    expect(error.message).toBe(`bars.csv: line ${line}: ${reason}`);
  });

  it('loads every real OHLCV file in ../shared/data with the right row counts and spacing', () => {
    const files: Array<[string, number, number]> = [
      ['btc_perp_ftx_1h.csv', 749, HOUR],
      ['btc_perp_ftx_1m.csv', 45031, 60_000],
      ['goog_daily_2004_2013.csv', 2148, 86_400_000],
      ['ttrc_daily.csv', 5550, 86_400_000],
      ['eurusd_1h_2017_2018.csv', 5000, HOUR],
      ['msft_daily_timeseries.csv', 249, 86_400_000],
    ];
    for (const [name, rows, smallestStep] of files) {
      const { series } = parseOhlcvCsv(readSharedCsv(name), { source: name });
      expect({ name, rows: series.length }).toEqual({ name, rows });
      let minStep = Infinity;
      for (let i = 1; i < series.length; i++) minStep = Math.min(minStep, series.time[i] - series.time[i - 1]);
      expect({ name, minStep }).toEqual({ name, minStep: smallestStep });
    }
  });

  it('reads the first and last rows of the BTC hourly file exactly as written', () => {
    const { series } = parseOhlcvCsv(readSharedCsv('btc_perp_ftx_1h.csv'));
    expect(series.time[0]).toBe(T0);
    expect([series.open[0], series.high[0], series.low[0], series.close[0], series.volume[0]]).toEqual([46197, 46739, 46195, 46672, 123626783.6826]);
    const lines = readSharedCsv('btc_perp_ftx_1h.csv').trim().split('\n');
    const last = lines[lines.length - 1].split(',');
    const n = series.length - 1;
    expect(series.time[n]).toBe(Date.parse(last[0]));
    expect([series.open[n], series.high[n], series.low[n], series.close[n], series.volume[n]]).toEqual(last.slice(1).map(Number));
  });
});
