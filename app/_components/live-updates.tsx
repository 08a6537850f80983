"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";

type LiveEvent = { id: string; type: string; payload: unknown; actor: { id: string | null }; summary: string };

/** Window events the stream hands on, for the parts of a page that apply changes themselves. */
export const SUMMARY_EVENT = "tenantry:summary";
export const CHANGE_EVENT = "tenantry:change";

/**
 * How a page follows its workspace's changes:
 * - `apply` (the dashboard): the stream also carries the page's figures after each batch of
 *   changes, computed once on the server for every open dashboard; the page applies them, and
 *   asks the server for nothing. It resumes after `cursor`, the last event its render included.
 * - `refresh` (every other page): re-render from the server, at most once a second however
 *   many changes arrive, and, with `subject`, only for changes that name that record.
 */
export type LiveMode = { kind: "apply"; cursor: string } | { kind: "refresh"; subject?: string };

const REFRESH_GAP_MS = 1000;

/**
 * Keeps the page current from the tenant's event stream (EventSource reconnects and resumes with
 * Last-Event-ID by itself), and shows a short notice ("Mona Marsh added project Anvil") for
 * changes made by someone else. The types it listens to come from the server's event catalogue.
 */
export function LiveUpdates({ streamPath, actorId, liveTypes, mode }: { streamPath: string; actorId: string | null; liveTypes: readonly string[]; mode: LiveMode }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const [received, setReceived] = useState(0);
  const [connected, setConnected] = useState(false);
  // The record this page shows was removed by someone else: said here, and no refresh turns the
  // page (and whatever was typed in its form) into a 404.
  const [removed, setRemoved] = useState<string | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // A refresh hands over a new array with the same types: keep the stream (and its resume point).
  const types = liveTypes.join(",");
  const apply = mode.kind === "apply";
  const cursor = mode.kind === "apply" ? mode.cursor : "";
  const subject = mode.kind === "refresh" ? mode.subject : undefined;

  useEffect(() => {
    const url = apply ? `${streamPath}?${new URLSearchParams({ view: "dashboard", lastEventId: cursor })}` : streamPath;
    const source = new EventSource(url);
    let lastRefresh = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      if (pending) return;
      const wait = Math.max(0, lastRefresh + REFRESH_GAP_MS - Date.now());
      pending = setTimeout(() => {
        pending = undefined;
        lastRefresh = Date.now();
        router.refresh();
      }, wait);
    };
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    let gone = false;
    const onEvent = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as LiveEvent;
      setReceived((n) => n + 1);
      if (gone) return;
      if (subject && event.type.endsWith(".removed") && (event.payload as { id?: string }).id === subject) {
        gone = true;
        clearTimeout(pending);
        setRemoved(event.summary);
        return;
      }
      if (apply) window.dispatchEvent(new CustomEvent(CHANGE_EVENT, { detail: event }));
      else if (!subject || JSON.stringify(event.payload).includes(subject)) refresh();
      if (event.actor.id !== actorId) {
        setNotice(event.summary);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => setNotice(null), 4000);
      }
    };
    const onSummary = (message: MessageEvent<string>) => window.dispatchEvent(new CustomEvent(SUMMARY_EVENT, { detail: JSON.parse(message.data) }));
    for (const type of types.split(",")) source.addEventListener(type, onEvent);
    source.addEventListener("summary", onSummary);
    return () => {
      source.close();
      clearTimeout(timer.current);
      clearTimeout(pending);
    };
  }, [streamPath, actorId, types, router, apply, cursor, subject]);

  return (
    <>
    {removed && (
      <div role="alert" data-testid="record-removed" className="mt-4 w-full rounded-md border border-red-300 bg-red-50 px-4 py-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        <p className="font-semibold">This record no longer exists: {removed}.</p>
        <p>Anything you typed below stays here for you to copy, but it cannot be saved.</p>
      </div>
    )}
    <div aria-live="polite" data-testid="live-updates" data-received={received} data-connected={connected} className="fixed bottom-4 right-4">
      {notice && (
        <p role="status" className="rounded-md bg-slate-900 px-4 py-2 text-sm text-white shadow-lg dark:bg-slate-100 dark:text-slate-900">
          {notice}
        </p>
      )}
    </div>
    </>
  );
}
