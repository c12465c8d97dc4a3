'use client';
// The frame of every page: navigation, the gateway link state, and the halt banner (the kill switch
// must be visible wherever the user is). The login page gets no frame: nothing is live before it.
import { useState, type ReactNode } from 'react';
import { usePathname } from 'next/navigation';
import type { HaltState } from '../../shared/live';
import { ConnectionBanner } from './connection-banner';
import { HaltBanner } from './halt-banner';
import { useLiveFeed } from './live-feed';
import { NavBar } from './nav-bar';

function LiveFrame({ children }: { children: ReactNode }) {
  const [halt, setHalt] = useState<HaltState>();
  const connection = useLiveFeed(['halt'], (updates) => {
    for (const u of updates) if (u.kind === 'halt') setHalt(u.halt);
  });
  return (
    <div className="flex h-screen flex-col">
      <NavBar connection={connection} />
      <ConnectionBanner status={connection} />
      <HaltBanner halt={halt} />
      <main className="min-h-0 flex-1 overflow-auto">{children}</main>
    </div>
  );
}

export function AppShell({ children }: { children: ReactNode }) {
  const pathname = usePathname() ?? '/';
  if (pathname === '/login' || pathname.startsWith('/login/')) return <>{children}</>;
  return <LiveFrame>{children}</LiveFrame>;
}
