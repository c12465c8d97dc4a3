'use client';
// The gateway's live hook (src/client/live.ts) plus what the frame shows of the link: "reconnecting"
// after a drop while the page still shows the last data, "closed" when it never came up.
import { useRef } from 'react';
import type { LiveTopic, LiveUpdate } from '../../shared/live';
import { useLive } from '../live';
import type { ConnectionStatus } from './connection-banner';

export function useLiveFeed(topics: readonly LiveTopic[], onUpdates: (updates: LiveUpdate[]) => void): ConnectionStatus {
  const feed = useLive(topics, onUpdates);
  const wasOpen = useRef(false);
  if (feed.status === 'open') wasOpen.current = true;
  if (feed.status !== 'closed') return feed.status === 'open' ? 'open' : wasOpen.current ? 'reconnecting' : 'connecting';
  return wasOpen.current ? 'reconnecting' : 'closed';
}
