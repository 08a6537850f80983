import { actorLabel, type Actor } from "@/lib/events/actor";
import { eventLabel } from "@/lib/events/describe-event";
import { cardClass } from "./styles";

type HistoryEvent = { id: bigint; type: string; payload: unknown; actorKind: string; actorName: string | null; createdAt: Date };

/** The event log's entries about one record, newest first: who changed what is never a mystery. */
export function EventHistory({ events }: { events: HistoryEvent[] }) {
  return (
    <section aria-labelledby="history-heading" className="mt-8">
      <h2 id="history-heading" className="text-lg font-semibold">History</h2>
      {events.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No recorded changes.</p>
      ) : (
        <ol className={`mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800 ${cardClass}`}>
          {events.map((e) => {
            const changed = (e.payload as { changed?: string[] }).changed;
            return (
              <li key={String(e.id)} className="flex justify-between gap-4 px-4 py-2">
                <span>
                  {eventLabel(e.type)}
                  {changed && changed.length > 0 && <span className="text-slate-600 dark:text-slate-400">: {changed.join(", ")}</span>}
                  <span className="text-slate-600 dark:text-slate-400"> · {actorLabel({ kind: e.actorKind as Actor["kind"], name: e.actorName })}</span>
                </span>
                <time dateTime={e.createdAt.toISOString()} className="text-slate-600 dark:text-slate-400 tabular-nums">{e.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC</time>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
