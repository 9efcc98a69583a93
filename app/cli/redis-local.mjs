// Finding, pinging and starting Redis without any npm dependency (used before `npm ci` has run).
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

/** true if a Redis server answers PING at the URL within the timeout. */
export function pingRedis(url, timeoutMs = 1000) {
  return new Promise((resolve) => {
    let u;
    try {
      u = new URL(url);
    } catch {
      resolve(false);
      return;
    }
    const socket = net.connect({ host: u.hostname || "127.0.0.1", port: Number(u.port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on("error", () => done(false));
    socket.on("connect", () => {
      const password = decodeURIComponent(u.password || "");
      const user = decodeURIComponent(u.username || "");
      if (password) socket.write(user ? `AUTH ${user} ${password}\r\n` : `AUTH ${password}\r\n`);
      socket.write("PING\r\n");
    });
    let buffer = "";
    socket.on("data", (chunk) => {
      buffer += chunk.toString();
      if (buffer.includes("+PONG")) done(true);
      else if (buffer.startsWith("-")) done(false);
    });
  });
}

/** Absolute path of redis-server on PATH (or REDIS_SERVER), or null. */
export function findRedisServer() {
  const candidates = process.env.REDIS_SERVER
    ? [process.env.REDIS_SERVER]
    : (process.env.PATH || "").split(path.delimiter).map((d) => path.join(d, "redis-server"));
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here
    }
  }
  return null;
}

export function portIsFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/**
 * Starts redis-server on a free loopback port with its data (AOF) in `dataDir`, or reuses the
 * one a previous run left there. The process is our child: it stops when we call stop().
 */
export async function startLocalRedis({ server, dataDir, firstPort = 6390 }) {
  mkdirSync(dataDir, { recursive: true });
  const portFile = path.join(dataDir, "redis.port");
  if (existsSync(portFile)) {
    const port = Number(readFileSync(portFile, "utf8").trim());
    const url = `redis://127.0.0.1:${port}`;
    if (port && (await pingRedis(url))) return { url, dir: dataDir, reused: true, stop() {} };
  }
  let port = firstPort;
  while (!(await portIsFree(port))) port++;
  const child = spawn(
    server,
    [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dataDir,
      "--appendonly",
      "yes",
      "--save",
      "",
      "--daemonize",
      "no",
      "--logfile",
      "redis.log",
    ],
    { stdio: "ignore" },
  );
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    if (await pingRedis(url, 200)) {
      writeFileSync(portFile, String(port));
      return { url, dir: dataDir, reused: false, stop: () => child.kill("SIGTERM") };
    }
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill("SIGKILL");
  throw new Error(
    `redis-server did not start on port ${port}; see ${path.join(dataDir, "redis.log")}`,
  );
}
