import { daysFromCivil, formatTime, parseIsoTime } from './parse-time';

const parse = (s: string) => parseIsoTime(s, 0, s.length);

describe('parseIsoTime', () => {
  it('agrees with Date.UTC on every day from 1899 to 2101', () => {
    for (let ms = Date.UTC(1899, 0, 1); ms <= Date.UTC(2101, 0, 1); ms += 86_400_000) {
      const iso = new Date(ms).toISOString();
      expect(parse(iso.slice(0, 10))).toBe(ms);
    }
  });

  it('reads date-times with seconds, fractions, Z, offsets and a space separator', () => {
    const base = Date.UTC(2021, 11, 31, 23, 1);
    expect(parse('2021-12-31T23:01:00Z')).toBe(base);
    expect(parse('2021-12-31T23:01:00')).toBe(base);
    expect(parse('2021-12-31 23:01')).toBe(base);
    expect(parse('2021-12-31T23:01:00.123456Z')).toBe(base + 123);
    expect(parse('2022-01-01T00:01:00+01:00')).toBe(base);
    expect(parse('2021-12-31T18:31:00-0430')).toBe(base);
  });

  it.each(['2021-13-01', '2021-02-29', '2021-1-01', '2021-01-01T24:00:00', '2021-01-01T10:00:00X', '2021-01-01T10:00:00+1', 'yesterday', ''])(
    'refuses %j',
    (text) => {
      expect(parse(text)).toBeNaN();
    },
  );

  it('computes days from civil dates for leap years and before 1970', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(Date.UTC(2000, 2, 1) / 86_400_000);
    expect(daysFromCivil(1900, 3, 1)).toBe(Date.UTC(1900, 2, 1) / 86_400_000);
    expect(daysFromCivil(1969, 12, 31)).toBe(-1);
  });
});

describe('formatTime', () => {
  it('writes times back in the format they were read in', () => {
    const t = Date.UTC(2022, 0, 1);
    expect(formatTime(t, 'iso')).toBe('2022-01-01T00:00:00Z');
    expect(formatTime(t + 250, 'iso')).toBe('2022-01-01T00:00:00.250Z');
    expect(formatTime(t, 'date')).toBe('2022-01-01');
    expect(formatTime(t, 'epoch-s')).toBe('1640995200');
    expect(formatTime(t, 'epoch-ms')).toBe('1640995200000');
  });
});
