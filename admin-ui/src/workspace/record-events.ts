// Follows `recordEvents(recordId)` over SSE (graphql-yoga's "distinct connections" mode: a POST
// with `accept: text/event-stream`). EventSource cannot send the bearer token, so the stream is
// read with fetch. Reconnects after a drop, with a growing pause; stops when the page goes away.
import { useEffect, useRef, useState } from 'react';
import { authHeaders } from '../api/graphql';
import { RECORD_EVENTS } from './queries';

export interface RecordEventNotice {
  readonly seq: number;
  readonly type: string;
  readonly actor: { readonly id: string } | null;
}

/** Follows the record's events; returns whether the stream is open now. */
export function useRecordEvents(recordId: string | undefined, onEvent: (event: RecordEventNotice) => void): boolean {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!recordId) return;
    const controller = new AbortController();
    let pause = 1000;
    const follow = async () => {
      while (!controller.signal.aborted) {
        try {
          const opened = Date.now();
          await stream(recordId, controller.signal, (e) => handler.current(e), () => setOpen(true));
          if (Date.now() - opened > 10_000) pause = 1000;
        } catch {
          // Dropped or refused: try again after a pause, unless the page is gone.
        }
        if (controller.signal.aborted) return;
        setOpen(false);
        await new Promise((resolve) => setTimeout(resolve, pause));
        pause = Math.min(pause * 2, 30_000);
      }
    };
    void follow();
    return () => {
      controller.abort();
      setOpen(false);
    };
  }, [recordId]);
  return open;
}

async function stream(recordId: string, signal: AbortSignal, onEvent: (event: RecordEventNotice) => void, onOpen: () => void): Promise<void> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...authHeaders() },
    body: JSON.stringify({ query: RECORD_EVENTS, variables: { recordId } }),
    signal,
  });
  if (!response.ok || !response.body) throw new Error(`subscription answered ${response.status}`);
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const message = parseBlock(block);
      if (message.event === 'complete') return;
      if (message.event !== 'next' || !message.data) continue;
      const payload = JSON.parse(message.data) as { data?: { recordEvents?: RecordEventNotice } | null; errors?: unknown[] };
      if (payload.errors?.length) throw new Error('subscription refused');
      if (payload.data?.recordEvents) onEvent(payload.data.recordEvents);
    }
  }
}

function parseBlock(block: string): { event?: string; data?: string } {
  const result: { event?: string; data?: string } = {};
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (name === 'event') result.event = value;
    else if (name === 'data') result.data = result.data === undefined ? value : `${result.data}\n${value}`;
  }
  return result;
}
