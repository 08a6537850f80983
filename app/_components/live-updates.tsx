"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

type LiveEvent = { id: string; type: string; payload: { name?: string; actor?: string } };

const LABEL: Record<string, string> = {
  "project.created": "added project",
  "project.updated": "updated project",
  "project.archived": "archived project",
  "employee.created": "added",
  "employee.updated": "updated",
  "employee.removed": "removed",
  "assignment.changed": "moved",
};

/**
 * Keeps the dashboard current: listens to the tenant's event stream (EventSource reconnects and
 * resumes with Last-Event-ID by itself), re-renders the server components on every event, and
 * shows a short notice for changes made by someone else.
 */
export function LiveUpdates({ streamPath, userId }: { streamPath: string; userId: string }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const [received, setReceived] = useState(0);
  const [connected, setConnected] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);

  useEffect(() => {
    const source = new EventSource(streamPath);
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    const onEvent = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      setReceived((n) => n + 1);
      router.refresh();
      if (event.payload.actor !== userId) {
        setNotice(`Someone ${LABEL[event.type] ?? "changed"} ${event.payload.name ?? "something"}`);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setNotice(null), 4000);
      }
    };
    for (const type of Object.keys(LABEL)) source.addEventListener(type, onEvent);
    return () => {
      source.close();
      clearTimeout(timer.current);
    };
  }, [streamPath, userId, router]);

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
