// The README's test command on a fresh machine: npm test first installs what the tests need (as
// root, with apt-get), or says in one line what to run.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packagesFor, plan } from "../app/cli/test-env.mjs";

const root = path.resolve(__dirname, "..");
const all = { chromium: true, cjkFonts: true, redis: true, redisServer: true };

describe("npm test's preparation (app/cli/test-env.mjs)", () => {
  it("names the Debian packages of what is missing", () => {
    expect(packagesFor(all)).toEqual([]);
    expect(packagesFor({ ...all, chromium: false, cjkFonts: false })).toEqual([
      "chromium",
      "fonts-noto-cjk",
    ]);
    // A Redis that answers, or a redis-server to start, is enough.
    expect(packagesFor({ ...all, redis: false })).toEqual([]);
    expect(packagesFor({ ...all, redis: false, redisServer: false })).toEqual(["redis-server"]);
  });

  it("installs them as root with apt-get, and otherwise says what to run", () => {
    const missing = ["chromium", "fonts-noto-cjk"];
    expect(plan([], { root: false, apt: false })).toEqual({ action: "none" });
    expect(plan(missing, { root: true, apt: true })).toMatchObject({
      action: "install",
      packages: missing,
    });
    for (const machine of [
      { root: false, apt: true },
      { root: true, apt: false },
    ]) {
      const todo = plan(missing, machine);
      expect(todo.action).toBe("tell");
      expect(todo.line).toContain("sudo apt-get install -y chromium fonts-noto-cjk");
      expect(todo.line).not.toContain("\n");
    }
  });

  it("stops npm test with one line when it cannot install (no apt-get here)", () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), "duban-path-"));
    try {
      const r = spawnSync(process.execPath, ["app/cli/test-env.mjs"], {
        cwd: root,
        encoding: "utf8",
        // No apt-get, fc-list or redis-server on PATH, and no Chromium where it is looked for.
        env: { ...process.env, PATH: empty, CHROMIUM_PATH: path.join(empty, "chromium") },
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      const lines = r.stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^test: the tests need chromium, fonts-noto-cjk: run `sudo apt-get/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it.runIf(process.getuid?.() === 0)(
    "as root with apt-get, runs apt-get update and install for what is missing",
    () => {
      const bin = mkdtempSync(path.join(os.tmpdir(), "duban-apt-"));
      try {
        // A stand-in apt-get that writes down how it was called (and installs nothing).
        const calls = path.join(bin, "calls");
        writeFileSync(path.join(bin, "apt-get"), `#!/bin/sh\necho "$@" >> ${calls}\n`, {
          mode: 0o755,
        });
        const r = spawnSync(process.execPath, ["app/cli/test-env.mjs"], {
          cwd: root,
          encoding: "utf8",
          env: { ...process.env, PATH: bin, CHROMIUM_PATH: path.join(bin, "chromium") },
        });
        expect(r.stdout.trim()).toBe(
          "test: installing chromium, fonts-noto-cjk from Debian's packages (apt-get)",
        );
        expect(readFileSync(calls, "utf8").trim().split("\n")).toEqual([
          "update -qq",
          "install -y -qq chromium fonts-noto-cjk",
        ]);
        // Nothing was installed, and it says so.
        expect(r.stderr.trim()).toBe("test: still missing after apt-get: chromium, fonts-noto-cjk");
        expect(r.status).toBe(1);
      } finally {
        rmSync(bin, { recursive: true, force: true });
      }
    },
  );

  it("passes quietly when everything is there", () => {
    const r = spawnSync(process.execPath, ["app/cli/test-env.mjs"], {
      cwd: root,
      encoding: "utf8",
    });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
