// One palette for statuses everywhere (board nodes, tables, dots), so green means the same on every page.
export type Tone = 'healthy' | 'warning' | 'error' | 'stopped' | 'paused' | 'info' | 'neutral';

export const TONE_TEXT: Record<Tone, string> = {
  healthy: 'text-neon-green',
  warning: 'text-neon-yellow',
  error: 'text-neon-red',
  stopped: 'text-slate-400',
  paused: 'text-slate-300',
  info: 'text-neon-cyan',
  neutral: 'text-slate-300',
};

export const TONE_BORDER: Record<Tone, string> = {
  healthy: 'border-neon-green/70',
  warning: 'border-neon-yellow/80',
  error: 'border-neon-red/90',
  stopped: 'border-slate-600',
  paused: 'border-slate-500 border-dashed',
  info: 'border-neon-cyan/70',
  neutral: 'border-abyss-600',
};

export const TONE_BG: Record<Tone, string> = {
  healthy: 'bg-neon-green',
  warning: 'bg-neon-yellow',
  error: 'bg-neon-red',
  stopped: 'bg-slate-500',
  paused: 'bg-slate-400',
  info: 'bg-neon-cyan',
  neutral: 'bg-slate-400',
};

/** Glow around a node, in the status colour. */
export const TONE_GLOW: Record<Tone, string> = {
  healthy: '0 0 14px rgba(57, 255, 136, 0.35)',
  warning: '0 0 16px rgba(255, 225, 77, 0.45)',
  error: '0 0 18px rgba(255, 59, 107, 0.6)',
  stopped: 'none',
  paused: 'none',
  info: '0 0 12px rgba(34, 228, 255, 0.45)',
  neutral: 'none',
};
