import type { ReactNode } from 'react';
import '@xyflow/react/dist/style.css';
import './globals.css';
import { AppShell } from '../client/layout/app-shell';

export const metadata = { title: 'Helios supervisor', description: 'Live view and control of a Helios trading system' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en" className="dark">
      <body className="min-h-screen bg-abyss-950 font-sans text-slate-200 antialiased">
        <AppShell>{children}</AppShell>
      </body>
    </html>
  );
}
