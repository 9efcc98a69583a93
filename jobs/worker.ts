// The job worker process: `npm run worker`, also started by `npm start`.
//
// In this first version it only holds the Redis connection and publishes a heartbeat
// (duban:worker:heartbeat, 30 s TTL) so that operators can see it is alive. The job queues —
// reminders, weekly digests and roll-up reports — are registered here by the jobs issue.
import { createRedis, redisUrl } from "./redis";

const HEARTBEAT_KEY = "duban:worker:heartbeat";
const redis = createRedis();
let ready = false;

redis.on("ready", () => {
  if (!ready) console.log(`worker: connected to Redis at ${redisUrl()}`);
  ready = true;
});
redis.on("error", (error) => {
  if (ready) console.error(`worker: Redis connection lost (${error.message}); reconnecting`);
  ready = false;
});

async function beat() {
  if (redis.status !== "ready") return;
  await redis.set(HEARTBEAT_KEY, JSON.stringify({ pid: process.pid, at: new Date().toISOString() }), "EX", 30);
}
const timer = setInterval(() => void beat().catch(() => {}), 10_000);
void beat().catch(() => {});

async function shutdown(signal: string) {
  console.log(`worker: ${signal} received, stopping`);
  clearInterval(timer);
  await redis.del(HEARTBEAT_KEY).catch(() => {});
  redis.disconnect();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
