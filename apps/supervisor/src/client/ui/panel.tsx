import type { ReactNode } from 'react';

/** A titled card of the deep-blue theme. */
export function Panel({ title, actions, children, className = '' }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`rounded-lg border border-abyss-600 bg-abyss-900/80 shadow-[0_0_24px_rgba(34,228,255,0.05)] ${className}`}>
      {(title !== undefined || actions !== undefined) && (
        <header className="flex items-center justify-between gap-2 border-b border-abyss-700 px-4 py-2.5">
          <h2 className="text-xs font-semibold uppercase tracking-[0.14em] text-slate-400">{title}</h2>
          {actions !== undefined && <div className="flex items-center gap-2">{actions}</div>}
        </header>
      )}
      <div className="p-4">{children}</div>
    </section>
  );
}
