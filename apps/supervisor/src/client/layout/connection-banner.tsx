/** The link to the gateway, as the live hook reports it. */
export type ConnectionStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Says plainly when the page is not live any more: a stale board must never look current. */
export function ConnectionBanner({ status }: { status: ConnectionStatus }) {
  if (status === 'open' || status === 'connecting') return null;
  const down = status === 'closed';
  return (
    <div role="alert" data-testid="connection-banner" className="flex items-center justify-center gap-2 border-b border-neon-yellow/70 bg-neon-yellow/10 px-4 py-1.5 text-sm text-neon-yellow">
      <span className="h-3 w-3 animate-spin rounded-full border-2 border-neon-yellow/30 border-t-neon-yellow" />
      {down ? 'Gateway unreachable: the data on this page is not live.' : 'Connection to the gateway lost: reconnecting…'}
    </div>
  );
}
