// Number formats shared by the pages: money with a sign (P&L badges), compact counts, ages.

export function formatPnl(x: number): string {
  const sign = x > 0 ? '+' : x < 0 ? '-' : '';
  const abs = Math.abs(x);
  const body = abs >= 10_000 ? `${(abs / 1000).toFixed(1)}k` : abs.toFixed(2);
  return `${sign}$${body}`;
}

export function formatCount(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

export function formatAge(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.floor(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export function formatTime(ts: number): string {
  return new Date(ts).toISOString().slice(11, 23);
}

/** UTC date and time to the second: `2024-01-01 09:30:00`. */
export function formatDateTime(ts: number): string {
  return new Date(ts).toISOString().slice(0, 19).replace('T', ' ');
}

export function formatBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(1)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(1)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}
