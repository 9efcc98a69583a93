// The worker's Redis connection. BullMQ needs maxRetriesPerRequest: null so that blocking
// commands wait out a Redis restart instead of failing the job.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { Redis } from "ioredis";
import { dataDir } from "../app/config.server";
import { heartbeatKey, redisPrefix } from "./queues";

export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url)
    throw new Error("REDIS_URL is not set: the worker needs Redis (npm start finds or starts one)");
  return url;
}

export function createRedis(url = redisUrl()): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    // Reconnect forever with a capped backoff: a Redis restart must not kill the worker.
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
}

/** The URL without its password, for logs. */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.href.replace(/\/$/, "");
  } catch {
    return url;
  }
}

const CONNECTION_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
]);

/** An error that only says Redis cannot be reached right now: watchRedis already said so. */
export function isConnectionError(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && CONNECTION_ERRORS.has(e.code)) return true;
  return /Connection is closed|connect ETIMEDOUT|ECONNREFUSED|ECONNRESET|getaddrinfo/.test(
    e.message ?? "",
  );
}

/**
 * One log line per change of the connection's state — connected, unreachable, lost, reconnected —
 * instead of one (with a stack trace) per reconnect attempt.
 */
export function watchRedis(
  redis: Redis,
  url: string,
  log: (line: string) => void,
  onReady: () => void = () => {},
) {
  let state: "connecting" | "unreachable" | "ready" | "lost" = "connecting";
  let since = Date.now();
  const where = displayUrl(url);
  const seconds = () => `${Math.round((Date.now() - since) / 1000)} s`;
  redis.on("ready", () => {
    if (state === "connecting") log(`connected to Redis at ${where}`);
    else if (state === "unreachable") log(`connected to Redis at ${where} after ${seconds()}`);
    else if (state === "lost") log(`reconnected to Redis at ${where} after ${seconds()}`);
    state = "ready";
    onReady();
  });
  redis.on("error", (e: Error) => {
    if (state === "connecting") {
      state = "unreachable";
      log(`cannot reach Redis at ${where} (${e.message}); retrying until it answers`);
    } else if (!isConnectionError(e)) log(`Redis: ${e.message}`);
  });
  redis.on("close", () => {
    if (state !== "ready") return;
    state = "lost";
    since = Date.now();
    log(
      `lost the connection to Redis at ${where}; reconnecting (jobs wait, emails stay in the outbox)`,
    );
  });
  return { ready: () => state === "ready" };
}

/**
 * The Redis a command run on its own should use: REDIS_URL, else the local redis-server `npm start`
 * started (its port is recorded in <data>/redis/redis.port).
 */
export function findRedisUrl(): { url: string; source: string } | null {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, source: "REDIS_URL" };
  const portFile = path.join(dataDir(), "redis", "redis.port");
  if (!existsSync(portFile)) return null;
  const port = Number(readFileSync(portFile, "utf8").trim());
  return port > 0
    ? { url: `redis://127.0.0.1:${port}`, source: `npm start's local Redis (${portFile})` }
    : null;
}

export type Heartbeat = { pid: number; at: string; smtp?: boolean; sweepMs?: number };

/**
 * The live worker's heartbeat (written every 10 s, expiring after 30 s): null when none is alive,
 * or reachable: false when Redis does not answer.
 */
export async function readHeartbeat(
  url: string,
  prefix = redisPrefix(),
): Promise<{ reachable: boolean; heartbeat: Heartbeat | null }> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {}); // unreachable is an answer: the caller says so
  try {
    await redis.connect();
    const value = await redis.get(heartbeatKey(prefix));
    return { reachable: true, heartbeat: value ? (JSON.parse(value) as Heartbeat) : null };
  } catch {
    return { reachable: false, heartbeat: null };
  } finally {
    redis.disconnect();
  }
}
