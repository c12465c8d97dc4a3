'use client';
// The live feed: one WebSocket (/ws) per hook user, subscribed to the topics it shows, reconnecting
// with back-off. The server sends a snapshot of the topics first, then batches (>= 10 per second).
import { useEffect, useRef, useState } from 'react';
import type { LiveTopic, LiveUpdate, ServerMessage } from '../shared/live';

export type LiveStatus = 'connecting' | 'open' | 'closed';

export interface LiveFeed {
  status: LiveStatus;
  /** Batches received; a view redraws when it changes. */
  batches: number;
  /** Batches the server skipped (gaps in seq: shed queued updates); the view may refetch over REST. */
  gaps: number;
  lastError?: string;
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
 */
export function useLive(topics: readonly LiveTopic[], onUpdates: (updates: LiveUpdate[]) => void): LiveFeed {
  const [feed, setFeed] = useState<LiveFeed>({ status: 'connecting', batches: 0, gaps: 0 });
  const handler = useRef(onUpdates);
  handler.current = onUpdates;
  const key = [...topics].sort().join('|');

  useEffect(() => {
    const wanted = key === '' ? [] : (key.split('|') as LiveTopic[]);
    let ws: WebSocket | undefined;
    let attempt = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    let lastSeq = 0;

    const connect = () => {
      setFeed((f) => ({ ...f, status: 'connecting' }));
      ws = new WebSocket(liveUrl(window.location));
      ws.onopen = () => {
        attempt = 0;
        lastSeq = 0;
        ws?.send(JSON.stringify({ type: 'subscribe', topics: wanted }));
        setFeed((f) => ({ ...f, status: 'open', lastError: undefined }));
      };
      ws.onmessage = (ev: MessageEvent<string>) => {
        let msg: ServerMessage;
        try {
          msg = JSON.parse(ev.data) as ServerMessage;
        } catch {
          return;
        }
        if (msg.type === 'error') return setFeed((f) => ({ ...f, lastError: msg.message }));
        if (msg.type !== 'batch') return;
        const gap = lastSeq > 0 && msg.seq > lastSeq + 1;
        lastSeq = msg.seq;
        handler.current(msg.updates);
        setFeed((f) => ({ ...f, batches: f.batches + 1, gaps: f.gaps + (gap ? 1 : 0) }));
      };
      ws.onclose = (ev) => {
        if (stopped) return;
        setFeed((f) => ({ ...f, status: 'closed', lastError: ev.reason || f.lastError }));
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

  return feed;
}
