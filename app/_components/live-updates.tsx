"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

type LiveEvent = { id: string; type: string; actor: { id: string | null }; summary: string };

/**
 * Keeps the page current: listens to the tenant's event stream (EventSource reconnects and
 * resumes with Last-Event-ID by itself), re-renders the server components on every event, and
 * shows a short notice ("Mona Marsh added project Anvil") for changes made by someone else. The
 * types it listens to come from the server's event catalogue.
 */
export function LiveUpdates({ streamPath, actorId, liveTypes }: { streamPath: string; actorId: string | null; liveTypes: readonly string[] }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const [received, setReceived] = useState(0);
  const [connected, setConnected] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // A refresh hands over a new array with the same types: keep the stream (and its resume point).
  const types = liveTypes.join(",");

  useEffect(() => {
    const source = new EventSource(streamPath);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    const onEvent = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      setReceived((n) => n + 1);
      router.refresh();
      if (event.actor.id !== actorId) {
        setNotice(event.summary);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setNotice(null), 4000);
      }
    };
    for (const type of types.split(",")) source.addEventListener(type, onEvent);
    return () => {
      source.close();
      clearTimeout(timer.current);
    };
  }, [streamPath, actorId, types, router]);

  return (
    <div aria-live="polite" data-testid="live-updates" data-received={received} data-connected={connected} className="fixed bottom-4 right-4">
      {notice && (
        <p role="status" className="rounded-md bg-slate-900 px-4 py-2 text-sm text-white shadow-lg dark:bg-slate-100 dark:text-slate-900">
          {notice}
        </p>
      )}
    </div>
  );
}
