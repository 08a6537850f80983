import { isDraining } from "@/lib/draining";
import { env } from "@/lib/env";
import { TenancyError } from "@/lib/errors";
import { LIVE_EVENT_TYPES } from "@/lib/events/catalog";
import { describeEvent } from "@/lib/events/describe-event";
import { logger } from "@/lib/observability/logger";
import { eventsFannedOut, openEventStreams } from "@/lib/observability/metrics";
import { databaseRegistry, type TenantPlacement } from "../db/database-registry";

// Server-sent events for one tenant, fanned out per instance: one notification makes one read
// of the tenant's event log, shared by all of that tenant's subscribers here, and each event is
// formatted and encoded once, whatever the number of subscribers. A subscriber that comes back
// with Last-Event-ID first gets everything after it from the log, so a browser that was
// offline, or was connected to an instance that restarted, misses nothing.
//
// Subscribers that show figures (the dashboard) also get a `summary` event after each batch:
// the figures as they now are, computed once per batch for all of them, and written with the
// batch's events as one chunk. The page applies it as it comes: the server's work per write
// does not grow with the open dashboards (beyond writing one chunk to each).

const PAGE = 200;
const READ_RETRY_MS = 1000;
// How long a browser waits before reconnecting after the stream ends (a shutdown, a lost connection).
const RECONNECT_MS = 1000;
// A subscriber with more than this many bytes queued (beyond what the socket holds) is cut off; it
// reconnects and catches up from the log, instead of growing this instance's memory.
export const MAX_QUEUED_BYTES = 256 * 1024;

/** Computes the figures a `summary` event carries (the caller's; the stream only passes them on). */
export type Summarize = () => Promise<unknown>;

type EventRow = { id: bigint; type: string; payload: unknown; actorKind: string; actorId: string | null; actorName: string | null; createdAt: Date };
type Subscriber = {
  cursor: bigint;
  buffer: EventRow[] | null;
  userId: string | null;
  wantsSummary: boolean;
  /** Writes the rows past its cursor: `batch` is all of them encoded (with the summary if it wants one), written as one chunk. */
  deliver(rows: EventRow[], frames: Uint8Array[], batch: Uint8Array): void;
  close(): void;
};

const encoder = new TextEncoder();

// Only the catalogue's live events leave the server; audit-only events never reach a stream.
function readAfter(tenant: TenantPlacement, after: bigint, upTo?: bigint): Promise<EventRow[]> {
  return databaseRegistry()
    .clientFor(tenant)
    .event.findMany({
      where: { id: upTo === undefined ? { gt: after } : { gt: after, lte: upTo }, type: { in: LIVE_EVENT_TYPES } },
      orderBy: { id: "asc" },
      take: PAGE,
      select: { id: true, type: true, payload: true, actorKind: true, actorId: true, actorName: true, createdAt: true },
    });
}

function eventFrame(e: EventRow): Uint8Array {
  const data = JSON.stringify({
    id: String(e.id),
    type: e.type,
    payload: e.payload,
    actor: { kind: e.actorKind, id: e.actorId, name: e.actorName },
    summary: describeEvent(e),
    createdAt: e.createdAt,
  });
  return encoder.encode(`id: ${e.id}\nevent: ${e.type}\ndata: ${data}\n\n`);
}

/** A summary has no id: it does not move the browser's Last-Event-ID. */
const summaryFrame = (figures: unknown) => encoder.encode(`event: summary\ndata: ${JSON.stringify(figures)}\n\n`);

class TenantChannel {
  readonly subscribers = new Set<Subscriber>();
  cursor = 0n;
  /** Set once the last subscriber left: a stream that still gets this channel asks for a new one. */
  retired = false;
  readonly ready: Promise<void>;
  /** How the figures are computed: every subscriber that wants them brings the same function. */
  summarize: Summarize | null = null;
  #reading: Promise<void> | null = null;
  #again = false;
  #unsubscribe: () => void = () => {};

  constructor(readonly tenant: TenantPlacement) {
    this.ready = this.#start();
  }

  async #start() {
    const registry = databaseRegistry();
    const last = await registry.clientFor(this.tenant).event.findFirst({ orderBy: { id: "desc" }, select: { id: true } });
    this.cursor = last?.id ?? 0n;
    this.#unsubscribe = await registry.notificationsFor(this.tenant).subscribe(this.tenant.id, () => this.#readNewOrRetry());
  }

  // A failed read (the database restarting) is not lost: it is tried again until it succeeds or
  // the channel retires; the cursor has not moved, so nothing is skipped and nothing repeated.
  #readNewOrRetry(): void {
    this.readNew().catch((error: unknown) => {
      logger().warn({ err: error, tenant: this.tenant.id }, "event log read failed; retrying");
      if (!this.retired) setTimeout(() => this.#readNewOrRetry(), READ_RETRY_MS).unref();
    });
  }

  /** Drops a subscriber; the last one out retires the channel and its LISTEN interest. */
  leave(subscriber: Subscriber) {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size > 0 || this.retired) return;
    this.retired = true;
    if (channels.get(this.tenant.id) === this) channels.delete(this.tenant.id);
    this.#unsubscribe();
  }

  /**
   * Reads what the log has past our cursor and hands it to every subscriber, each as one chunk:
   * the events, then (for those that want it) the figures as they are after them, computed once.
   * Serialised: a notification during a read makes one more read after it.
   */
  readNew(): Promise<void> {
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    this.#reading = (async () => {
      do {
        this.#again = false;
        const rows = await readAfter(this.tenant, this.cursor);
        if (rows.length === 0) continue;
        this.cursor = rows.at(-1)!.id;
        const full = rows.length === PAGE;
        const frames = rows.map(eventFrame);
        const events = concat(frames);
        // A full page is sent at once (more follow); the last one goes with the figures after it.
        const withSummary = full ? events : await this.#withSummary(events);
        for (const s of this.subscribers) (s.buffer ? s.buffer.push(...rows) : s.deliver(rows, frames, s.wantsSummary ? withSummary : events));
        eventsFannedOut.inc({ tenant: this.tenant.slug ?? this.tenant.id }, rows.length * this.subscribers.size);
        if (full) this.#again = true;
      } while (this.#again);
    })().finally(() => (this.#reading = null));
    return this.#reading;
  }

  /** The events followed by the figures, if a subscriber wants them (without, if they cannot be computed now). */
  async #withSummary(events: Uint8Array): Promise<Uint8Array> {
    if (!this.summarize || ![...this.subscribers].some((s) => s.wantsSummary)) return events;
    try {
      return concat([events, summaryFrame(await this.summarize())]);
    } catch (error) {
      logger().warn({ err: error, tenant: this.tenant.id }, "live summary failed; the next change brings one");
      return events;
    }
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

const globalForChannels = globalThis as unknown as { eventChannels?: Map<string, TenantChannel> };
const channels: Map<string, TenantChannel> = (globalForChannels.eventChannels ??= new Map());

/** Every subscriber on this instance, whatever its tenant: for the caps and for shutdown. */
function allSubscribers(): Subscriber[] {
  return [...channels.values()].flatMap((channel) => [...channel.subscribers]);
}

/**
 * Refuses a stream over the caps (429 with Retry-After): one tenant, or one person's tabs, must
 * not take every stream an instance can hold. Counted on this instance, like the streams.
 */
function assertWithinStreamCaps(tenant: TenantPlacement, userId: string | null): void {
  const { TENANTRY_MAX_STREAMS_PER_TENANT: perTenant, TENANTRY_MAX_STREAMS_PER_USER: perUser } = env();
  const ofTenant = channels.get(tenant.id)?.subscribers.size ?? 0;
  const ofUser = userId === null ? 0 : allSubscribers().filter((s) => s.userId === userId).length;
  const retryAfter = 30;
  if (ofTenant >= perTenant) throw new TenancyError("too_many_streams", `This workspace has ${perTenant} live streams open on this server, its most.`, undefined, { retryAfter });
  if (ofUser >= perUser) throw new TenancyError("too_many_streams", `You have ${perUser} live streams open, your most: close a tab or two.`, undefined, { retryAfter });
}

/**
 * Shutdown: ends every stream here (the browser reconnects after RECONNECT_MS, to another instance,
 * and resumes with Last-Event-ID, so nothing is lost); new ones are refused while draining.
 */
export function closeEventStreams(): void {
  for (const subscriber of allSubscribers()) subscriber.close();
}

/** The tenant's live channel on this instance, started on first use. */
async function channelFor(tenant: TenantPlacement): Promise<TenantChannel> {
  for (;;) {
    let channel = channels.get(tenant.id);
    if (channel && channel.tenant.placementEpoch !== tenant.placementEpoch) {
      // The tenant moved: that channel reads the old place. Its streams end (their browsers
      // reconnect with Last-Event-ID, to the new place; event ids survive a move) and a new one starts.
      channels.delete(tenant.id);
      channel.subscribers.forEach((subscriber) => subscriber.close());
      channel = undefined;
    }
    if (!channel) {
      const created = (channel = new TenantChannel(tenant));
      channels.set(tenant.id, created);
      created.ready.catch(() => channels.get(tenant.id) === created && channels.delete(tenant.id));
    }
    await channel.ready;
    if (!channel.retired) return channel; // else its last subscriber left while we waited
  }
}

export type StreamOptions = {
  /** Resume after this event (Last-Event-ID); without it, start with what happens next. */
  lastEventId: bigint | null;
  /** The person the stream is for (null for an API key), for the per-person cap. */
  userId: string | null;
  signal: AbortSignal;
  /** Asked at every heartbeat: once the caller has lost access, the stream ends. */
  mayContinue: () => Promise<boolean>;
  /** Set for pages that show figures: `summary` events follow each batch of events. */
  summarize?: Summarize;
};

/**
 * The tenant's event stream as an SSE response body. Once the caller has lost access (a removed
 * member, a revoked key, a closed workspace) the stream ends at the next heartbeat, and
 * reconnecting is refused.
 */
export function tenantEventStream(tenant: TenantPlacement, { lastEventId, userId, signal, mayContinue, summarize }: StreamOptions): ReadableStream<Uint8Array> {
  if (isDraining()) throw new TenancyError("database_unavailable", "This server is shutting down: reconnect.", undefined, { retryAfter: 1 });
  assertWithinStreamCaps(tenant, userId);
  const metricLabel = { tenant: tenant.slug ?? tenant.id };
  let cleanup = () => {};
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async start(controller) {
        let open = true;
        const close = () => {
          if (!open) return;
          open = false;
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed by the client
          }
        };
        const write = (bytes: Uint8Array) => {
          if (!open) return;
          if ((controller.desiredSize ?? 1) <= 0) return close(); // too far behind: reconnect and catch up
          controller.enqueue(bytes);
        };
        let channel: TenantChannel;
        try {
          channel = await channelFor(tenant);
        } catch (error) {
          logger().warn({ err: error }, "event stream could not start; the client reconnects and resumes");
          return close();
        }
        // A client that left while the channel started must not join it: nothing would ever remove it.
        if (cancelled || signal.aborted) return;
        if (summarize) channel.summarize ??= summarize;
        let replayed = false;
        const subscriber: Subscriber = {
          cursor: lastEventId ?? channel.cursor,
          buffer: [],
          userId,
          wantsSummary: summarize !== undefined,
          close,
          deliver(rows, frames, batch) {
            const from = rows.findIndex((e) => e.id > this.cursor);
            if (from === -1) return;
            this.cursor = rows.at(-1)!.id;
            write(from === 0 ? batch : concat(frames.slice(from))); // a replay already sent the first ones
          },
        };
        channel.subscribers.add(subscriber);
        openEventStreams.inc(metricLabel);
        // Heartbeats keep proxies from closing an idle stream; each one also re-checks the caller's access.
        const ping = encoder.encode(": ping\n\n");
        const heartbeat = setInterval(() => mayContinue().then((ok) => (ok ? write(ping) : close()), close), env().TENANTRY_SSE_HEARTBEAT_MS);
        cleanup = () => {
          clearInterval(heartbeat);
          channel.leave(subscriber);
          openEventStreams.dec(metricLabel);
          cleanup = () => {};
        };
        signal.addEventListener("abort", close);
        write(encoder.encode(`: connected\nretry: ${RECONNECT_MS}\n\n`));
        // Replay from the log up to where the channel is, then what it buffered meanwhile.
        try {
          const upTo = channel.cursor;
          for (let rows: EventRow[]; subscriber.cursor < upTo && (rows = await readAfter(tenant, subscriber.cursor, upTo)).length > 0; ) {
            const frames = rows.map(eventFrame);
            subscriber.deliver(rows, frames, concat(frames));
            replayed = true;
            if (!open) return;
          }
          const buffered = subscriber.buffer ?? [];
          subscriber.buffer = null;
          if (buffered.length > 0) {
            const frames = buffered.map(eventFrame);
            subscriber.deliver(buffered, frames, concat(frames));
          }
          // A page that resumed after events it had not seen gets the figures as they are now.
          if (summarize && (replayed || buffered.length > 0)) write(summaryFrame(await summarize()));
        } catch (error) {
          logger().warn({ err: error }, "event stream replay failed; the client reconnects and resumes");
          close();
        }
      },
      cancel() {
        cancelled = true;
        cleanup();
      },
    },
    { highWaterMark: MAX_QUEUED_BYTES, size: (chunk) => chunk.byteLength },
  );
}
