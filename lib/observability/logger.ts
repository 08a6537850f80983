import pino from "pino";
import { env } from "@/lib/env";
import { requestFacts } from "./request-context";

const globalForLogger = globalThis as unknown as { tenantryLogger?: pino.Logger };

/**
 * The process's structured log: one JSON object per line on stdout (pino), for a log shipper to
 * collect. Shared by every Next server layer through globalThis, so there is one stream and one level.
 */
export function logger(): pino.Logger {
  globalForLogger.tenantryLogger ??= pino({
    level: env().TENANTRY_LOG_LEVEL,
    base: { service: "tenantry", pid: process.pid },
    // An error's class, message, stack and its `cause` chain, once, under `err`.
    serializers: { err: pino.stdSerializers.errWithCause },
    // Every line written while a request is handled names that request.
    mixin: () => {
      const facts = requestFacts();
      return facts ? { reqId: facts.requestId } : {};
    },
  });
  return globalForLogger.tenantryLogger;
}
