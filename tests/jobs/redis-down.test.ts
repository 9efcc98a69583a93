// With Redis down, the web app keeps working: the urge is recorded, its emails wait in the
// outbox, and handing them to the queue fails fast instead of hanging the request.
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { urge } from "~/models/review.server";
import { seededDatabase } from "../helpers/fixtures";

describe("Redis down", () => {
  let f: Awaited<ReturnType<typeof seededDatabase>>;
  beforeAll(async () => {
    f = await seededDatabase();
    const closed = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    process.env.REDIS_URL = `redis://127.0.0.1:${closed}`;
  });
  afterAll(() => f.cleanup());

  it("an urge is recorded and its emails are kept for the worker", async () => {
    const reviewer = await f.user("REVIEWER", "商务厅");
    const lead = await f.user("LIAISON", "商务厅");
    const co = await f.user("LIAISON", "财政厅");
    const task = await f.task("sc-2023-trade-power-draft", "二.2");
    const ids = await urge(f.db, task.id, "请本周内报送进展", reviewer.id);
    const emails = await f.db.email.findMany({
      where: { id: { in: ids } },
      include: { body: true },
    });
    expect(emails.map((e) => e.toUserId).sort()).toEqual([lead.id, co.id].sort());
    expect(
      emails.every(
        (e) => e.status === "PENDING" && e.kind === "URGE" && e.body.subject.startsWith("【催办】"),
      ),
    ).toBe(true);
    const { enqueueEmailSends } = await import("~/jobs/enqueue.server");
    const started = Date.now();
    expect(await enqueueEmailSends(ids)).toBe(false);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
