// The worker's Redis connection. BullMQ needs maxRetriesPerRequest: null so that blocking
// commands wait out a Redis restart instead of failing the job.
import { Redis } from "ioredis";

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
