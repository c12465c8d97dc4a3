'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { logout } from '../api';
import { StatusDot } from '../ui/status-dot';
import type { ConnectionStatus } from './connection-banner';
import { isCurrent, NAV_ITEMS } from './nav-items';

const LINK_TONE = { open: 'healthy', connecting: 'info', reconnecting: 'warning', closed: 'error' } as const;

export function NavBar({ connection }: { connection: ConnectionStatus }) {
  const pathname = usePathname() ?? '/';
  return (
    <nav className="flex h-12 shrink-0 items-center gap-6 border-b border-abyss-700 bg-abyss-900/90 px-4 backdrop-blur" aria-label="main">
      <Link href="/" className="flex items-center gap-2 text-sm font-bold tracking-[0.3em] text-neon-cyan drop-shadow-[0_0_6px_rgba(34,228,255,0.7)]">
        HELIOS
      </Link>
      <ul className="flex items-center gap-1">
        {NAV_ITEMS.map((item) => {
          const current = isCurrent(item.href, pathname);
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={current ? 'page' : undefined}
                className={`rounded px-3 py-1.5 text-sm transition ${current ? 'bg-abyss-700 text-neon-cyan shadow-[inset_0_-2px_0_#22e4ff]' : 'text-slate-400 hover:bg-abyss-800 hover:text-slate-100'}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
      <span className="ml-auto flex items-center gap-2 text-xs text-slate-400" data-testid="link-status" data-status={connection}>
        <StatusDot tone={LINK_TONE[connection]} label={`gateway ${connection}`} />
        {connection === 'open' ? 'live' : connection}
      </span>
      <button
        type="button"
        className="rounded px-2 py-1 text-xs text-slate-400 hover:bg-abyss-800 hover:text-slate-100"
        data-testid="logout"
        // The session cookie is HttpOnly: only the gateway can clear it; then the login page.
        onClick={() => void logout().finally(() => window.location.assign('/login'))}
      >
        Log out
      </button>
    </nav>
  );
}
