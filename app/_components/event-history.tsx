import { actorLabel, type Actor } from "@/lib/events/actor";
import { eventLabel } from "@/lib/events/describe-event";
import { LocalTime } from "./local-time";
import { STATUS_LABEL } from "./project-status";
import { cardClass } from "./styles";

type HistoryEvent = { id: bigint; type: string; payload: unknown; actorKind: string; actorName: string | null; createdAt: Date };
type Payload = { changed?: string[]; values?: Record<string, [string | null, string | null]> };

const FIELD_LABEL: Record<string, string> = { name: "Name", email: "Email", title: "Title", department: "Department", projectId: "Project", status: "Status" };

/** One line of history: a run of consecutive events of one kind, by one person, on the same fields. */
type Entry = { first: HistoryEvent; last: HistoryEvent; count: number };

// Events come newest first. The next one is folded into a run when it is the same kind of change
// by the same person to the same fields (five edits of a title in a row read as one line, from
// the oldest value to the newest). An `assignment.changed` says again what its `employee.updated`
// says with values: it is left out.
function entriesOf(events: HistoryEvent[]): Entry[] {
  const entries: Entry[] = [];
  const key = (e: HistoryEvent) => `${e.type}|${e.actorKind}|${e.actorName}|${((e.payload as Payload).changed ?? []).join(",")}`;
  for (const [i, e] of events.entries()) {
    const next = events[i + 1];
    if (e.type === "assignment.changed" && next?.type === "employee.updated" && (next.payload as Payload).values?.projectId) continue;
    const run = entries.at(-1);
    if (run && (run.first.payload as Payload).values && key(run.first) === key(e)) {
      run.last = e;
      run.count++;
    } else entries.push({ first: e, last: e, count: 1 });
  }
  return entries;
}

/**
 * The event log's entries about one record, newest first, as people read them: each changed field
 * by its label with its old and new value, who did it, when (in the viewer's time zone).
 * `projectNames` names the projects an employee moved between.
 */
export function EventHistory({ events, projectNames = {} }: { events: HistoryEvent[]; projectNames?: Record<string, string> }) {
  const show = (field: string, value: string | null) => {
    if (value === null || value === "") return <em className="text-slate-600 not-italic dark:text-slate-400">{field === "projectId" ? "no project" : "empty"}</em>;
    if (field === "projectId") return projectNames[value] ?? "a removed project";
    if (field === "status") return STATUS_LABEL[value as keyof typeof STATUS_LABEL] ?? value;
    return value;
  };
  const entries = entriesOf(events);
  return (
    <section aria-labelledby="history-heading" className="mt-8">
      <h2 id="history-heading" className="text-lg font-semibold">History</h2>
      {entries.length === 0 ? (
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">No recorded changes.</p>
      ) : (
        <ol className={`mt-2 divide-y divide-slate-100 text-sm dark:divide-slate-800 ${cardClass}`}>
          {entries.map(({ first, last, count }) => {
            const { changed = [], values } = first.payload as Payload;
            const oldest = (last.payload as Payload).values;
            return (
              <li key={String(first.id)} data-testid="history-entry" className="flex flex-wrap justify-between gap-x-4 gap-y-1 px-4 py-2">
                <div>
                  <p>
                    <span className="font-medium">{eventLabel(first.type)}</span>
                    {!values && changed.length > 0 && <span className="text-slate-600 dark:text-slate-400">: {changed.map((f) => FIELD_LABEL[f] ?? f).join(", ")}</span>}
                    <span className="text-slate-600 dark:text-slate-400"> · {actorLabel({ kind: first.actorKind as Actor["kind"], name: first.actorName })}</span>
                    {count > 1 && <span className="text-slate-600 dark:text-slate-400"> · {count} edits in a row</span>}
                  </p>
                  {values && (
                    <ul className="mt-0.5">
                      {changed.map((field) => (
                        <li key={field} data-testid="history-change">
                          {FIELD_LABEL[field] ?? field}: {show(field, oldest?.[field]?.[0] ?? null)} <span aria-label="changed to">→</span> {show(field, values[field]?.[1] ?? null)}
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
                <span className="whitespace-nowrap text-slate-600 tabular-nums dark:text-slate-400"><LocalTime iso={first.createdAt.toISOString()} /></span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
