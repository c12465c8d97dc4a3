import { TONE_BG, type Tone } from './status-colors';

/** A small round status light; pulses while healthy so a frozen page is noticeable. */
export function StatusDot({ tone, label }: { tone: Tone; label?: string }) {
  return (
    <span className="relative inline-flex h-2.5 w-2.5 shrink-0" role="img" aria-label={label ?? tone} title={label ?? tone}>
      {tone === 'healthy' && <span className={`absolute inline-flex h-full w-full animate-ping rounded-full opacity-40 ${TONE_BG[tone]}`} />}
      <span className={`relative inline-flex h-2.5 w-2.5 rounded-full ${TONE_BG[tone]}`} />
    </span>
  );
}
