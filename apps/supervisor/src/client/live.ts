'use client';
// The live feed: one WebSocket (/ws) per hook user, subscribed to the topics it shows, reconnecting
// with back-off. The server sends a snapshot of the topics first, then batches (>= 10 per second).
import { useEffect, useRef, useState } from 'react';
import type { LiveTopic, LiveUpdate, ServerMessage } from '../shared/live';

export type LiveStatus = 'connecting' | 'open' | 'closed';

export interface LiveFeed {
  status: LiveStatus;
}

/** Delay before the n-th reconnect (1-based): 0.5 s doubling to 10 s. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt - 1));
}

export function liveUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/**
 * Subscribes to `topics` and calls `onUpdates` with each batch's updates (the snapshot first).
 * `onUpdates` may change between renders; the latest one is used. Topics are compared by value.
 * No topics, no socket (status `closed`): a view that streams only on demand (a panel's logs) costs
 * nothing until then.
 */
export function useLive(topics: readonly LiveTopic[], onUpdates: (updates: LiveUpdate[]) => void): LiveFeed {
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handler = useRef(onUpdates);
  handler.current = onUpdates;
  const key = [...topics].sort().join('|');

  useEffect(() => {
    if (key === '') {
      setStatus('closed');
      return;
    }
    const wanted = key.split('|') as LiveTopic[];
    let ws: WebSocket | undefined;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const connect = () => {
      setStatus('connecting');
      ws = new WebSocket(liveUrl(window.location));
      ws.onopen = () => {
        attempt = 0;
        ws?.send(JSON.stringify({ type: 'subscribe', topics: wanted }));
        setStatus('open');
      };
      ws.onmessage = (ev: MessageEvent<string>) => {
        let msg: ServerMessage;
        try {
          msg = JSON.parse(ev.data) as ServerMessage;
        } catch {
          return;
        }
        // The views redraw from the state their handler sets; the hook itself re-renders only on a status change.
        if (msg.type === 'batch') handler.current(msg.updates);
      };
      ws.onclose = () => {
        if (stopped) return;
        setStatus('closed');
        attempt += 1;
        timer = setTimeout(connect, reconnectDelayMs(attempt));
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      ws?.close();
    };
  }, [key]);

  return { status };
}
