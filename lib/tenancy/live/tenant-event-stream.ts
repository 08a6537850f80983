import { env } from "@/lib/env";
import { LIVE_EVENT_TYPES } from "@/lib/events/catalog";
import { describeEvent } from "@/lib/events/describe-event";
import { TenancyError } from "@/lib/errors";
import { logger } from "@/lib/observability/logger";
import { eventsFannedOut, openEventStreams } from "@/lib/observability/metrics";
import { databaseRegistry, type TenantPlacement } from "../db/database-registry";

// Server-sent events for one tenant, fanned out per instance: one notification makes one read
// of the tenant's event log, shared by all of that tenant's subscribers here. A subscriber that
// comes back with Last-Event-ID first gets everything after it from the log, so a browser that
// was offline, or was connected to an instance that restarted, misses nothing.

const PAGE = 200;
const READ_RETRY_MS = 1000;
// How long a browser waits before reconnecting after the stream ends (a shutdown, a lost connection).
const RECONNECT_MS = 1000;
// A subscriber more than this many events behind is cut off; it reconnects and catches up from
// the log, instead of growing this instance's memory.
export const MAX_QUEUED_EVENTS = 256;

type EventRow = { id: bigint; type: string; payload: unknown; actorKind: string; actorId: string | null; actorName: string | null; createdAt: Date };
type Subscriber = { cursor: bigint; buffer: EventRow[] | null; userId: string | null; send(e: EventRow): void; close(): void };

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

class TenantChannel {
  readonly subscribers = new Set<Subscriber>();
  cursor = 0n;
  /** Set once the last subscriber left: a stream that still gets this channel asks for a new one. */
  retired = false;
  readonly ready: Promise<void>;
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

  /** Reads what the log has past our cursor and hands it to every subscriber. Serialised. */
  readNew(): Promise<void> {
    if (this.#reading) {
      this.#again = true;
      return this.#reading;
    }
    this.#reading = (async () => {
      do {
        this.#again = false;
        const rows = await readAfter(this.tenant, this.cursor);
        for (const row of rows) {
          this.cursor = row.id;
          for (const s of this.subscribers) (s.buffer ? s.buffer.push(row) : s.send(row));
          eventsFannedOut.inc({ tenant: this.tenant.slug ?? this.tenant.id }, this.subscribers.size);
        }
        if (rows.length === PAGE) this.#again = true;
      } while (this.#again);
    })().finally(() => (this.#reading = null));
    return this.#reading;
  }
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

let draining = false;

/**
 * Shutdown: ends every stream here (the browser reconnects after RECONNECT_MS, to another instance,
 * and resumes with Last-Event-ID, so nothing is lost), and refuses new ones.
 */
export function closeEventStreams(): void {
  draining = true;
  for (const subscriber of allSubscribers()) subscriber.close();
}

/** The tenant's live channel on this instance, started on first use. */
async function channelFor(tenant: TenantPlacement): Promise<TenantChannel> {
  for (;;) {
    let channel = channels.get(tenant.id);
    if (!channel) {
      const created = (channel = new TenantChannel(tenant));
      channels.set(tenant.id, created);
      created.ready.catch(() => channels.get(tenant.id) === created && channels.delete(tenant.id));
    }
    await channel.ready;
    if (!channel.retired) return channel; // else its last subscriber left while we waited
  }
}

function format(e: EventRow): string {
  const data = JSON.stringify({
    id: String(e.id),
    type: e.type,
    payload: e.payload,
    actor: { kind: e.actorKind, id: e.actorId, name: e.actorName },
    summary: describeEvent(e),
    createdAt: e.createdAt,
  });
  return `id: ${e.id}\nevent: ${e.type}\ndata: ${data}\n\n`;
}

/**
 * The tenant's event stream as an SSE response body. `lastEventId` (from the Last-Event-ID
 * header) resumes after that event; without it the stream starts with what happens next.
 * `mayContinue` is asked at every heartbeat: once the caller has lost access (a removed member,
 * a revoked key, a closed workspace) the stream ends, and reconnecting is refused.
 */
export function tenantEventStream(
  tenant: TenantPlacement,
  { lastEventId, userId, signal, mayContinue }: { lastEventId: bigint | null; userId: string | null; signal: AbortSignal; mayContinue: () => Promise<boolean> },
): ReadableStream<Uint8Array> {
  if (draining) throw new TenancyError("database_unavailable", "This server is shutting down: reconnect.", undefined, { retryAfter: 1 });
  assertWithinStreamCaps(tenant, userId);
  const encoder = new TextEncoder();
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
        const write = (text: string) => {
          if (!open) return;
          if ((controller.desiredSize ?? 1) <= 0) return close(); // too far behind: reconnect and catch up
          controller.enqueue(encoder.encode(text));
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
        const subscriber: Subscriber = {
          cursor: lastEventId ?? channel.cursor,
          buffer: [],
          userId,
          close,
          send(e) {
            if (e.id <= this.cursor) return;
            this.cursor = e.id;
            write(format(e));
          },
        };
        channel.subscribers.add(subscriber);
        openEventStreams.inc(metricLabel);
        // Heartbeats keep proxies from closing an idle stream; each one also re-checks the caller's access.
        const heartbeat = setInterval(() => mayContinue().then((ok) => (ok ? write(": ping\n\n") : close()), close), env().TENANTRY_SSE_HEARTBEAT_MS);
        cleanup = () => {
          clearInterval(heartbeat);
          channel.leave(subscriber);
          openEventStreams.dec(metricLabel);
          cleanup = () => {};
        };
        signal.addEventListener("abort", close);
        write(`: connected\nretry: ${RECONNECT_MS}\n\n`);
        // Replay from the log up to where the channel is, then what it buffered meanwhile.
        try {
          const upTo = channel.cursor;
          for (let rows: EventRow[]; subscriber.cursor < upTo && (rows = await readAfter(tenant, subscriber.cursor, upTo)).length > 0; ) {
            for (const row of rows) subscriber.send(row);
            if (!open) return;
          }
          const buffered = subscriber.buffer ?? [];
          subscriber.buffer = null;
          for (const row of buffered) subscriber.send(row);
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
    new CountQueuingStrategy({ highWaterMark: MAX_QUEUED_EVENTS }),
  );
}
