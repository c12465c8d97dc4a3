import type { ReactNode } from 'react';

/** Nothing to show yet, said plainly (and what would make something appear). */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center gap-1 rounded border border-dashed border-abyss-600 px-6 py-10 text-center">
      <p className="text-sm font-medium text-slate-300">{title}</p>
      {children !== undefined && <p className="max-w-md text-xs text-slate-500">{children}</p>}
    </div>
  );
}

export function Loading({ what }: { what: string }) {
  return (
    <div className="flex items-center gap-2 px-2 py-6 text-sm text-slate-400" role="status">
      <span className="h-3 w-3 animate-spin rounded-full border-2 border-neon-cyan/30 border-t-neon-cyan" />
      Loading {what}…
    </div>
  );
}

export function ErrorNote({ children }: { children: ReactNode }) {
  return (
    <div role="alert" className="rounded border border-neon-red/60 bg-neon-red/10 px-3 py-2 text-sm text-neon-red">
      {children}
    </div>
  );
}
