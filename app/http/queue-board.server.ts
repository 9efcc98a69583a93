// 队列监控: Bull Board at /admin/queues, for admins only, in Chinese, with a way back into 督办,
// and nothing loaded from another host. Bull Board's page template links a Google Fonts
// stylesheet (Ubuntu) that no option turns off; on a government intranet that request hangs the
// page, so the rendered page is sent without any stylesheet or script of another origin (its
// own CSS falls back to the system's fonts).
import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { ExpressAdapter } from "@bull-board/express";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import express, {
  type Express,
  type NextFunction,
  type Request as Req,
  type Response as Res,
} from "express";
import { getUser } from "../auth/auth.server";
import { allQueues } from "../jobs/enqueue.server";
import { QUEUE } from "../../jobs/queues";

export const QUEUE_BOARD_PATH = "/admin/queues";

const QUEUE_NAME: Record<string, { displayName: string; description: string }> = {
  [QUEUE.email]: { displayName: "邮件发送", description: "发件箱中每封邮件一个作业" },
  [QUEUE.work]: {
    displayName: "定时与后台任务",
    description: "报送提醒、督办周报、汇总报告、发件箱巡检",
  },
};

/** Removes <link> and <script src> elements that point to another origin (http://, https://, //). */
export function withoutForeignResources(html: string): string {
  return html
    .replace(/<link\b[^>]*\bhref=["']?(?:https?:)?\/\/[^>]*>\s*/gi, "")
    .replace(/<script\b[^>]*\bsrc=["']?(?:https?:)?\/\/[^>]*>\s*<\/script>\s*/gi, "");
}

export function mountQueueBoard(app: Express) {
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: allQueues().map(
      (q) => new BullMQAdapter(q, QUEUE_NAME[q.name] ?? { displayName: q.name }),
    ),
    serverAdapter: board,
    options: {
      uiConfig: {
        boardTitle: "督办 · 队列监控",
        locale: { lng: "zh-CN" },
        miscLinks: [
          { text: "返回督办", url: "/" },
          { text: "发件箱", url: "/admin/outbox" },
        ],
        // Bull Board's own icons, served by it under this path.
        favIcon: { default: "static/images/logo.svg", alternative: "static/favicon-32x32.png" },
      },
    },
  });
  const ours = express.Router();
  ours.get("/duban-board.css", (_req, res) => {
    res.type("text/css; charset=utf-8").send(BOARD_CSS);
  });
  ours.get("/static/locales/zh-CN/messages.json", (_req, res) => {
    res.json(chineseMessages());
  });
  // Bull Board is an Express app of its own, which would send X-Powered-By.
  const router = board.getRouter() as Express;
  router.disable("x-powered-by");
  app.use(QUEUE_BOARD_PATH, onlyAdmins, ours, sameOriginPage, router);
}

// A visible way back into 督办 (Bull Board's own miscLinks sit in a menu behind an icon); its
// version link to GitHub is hidden (another host, unreachable on an intranet).
const BOARD_CSS = `
.duban-back {
  position: fixed; right: 1rem; bottom: 1rem; z-index: 1000;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.25);
  padding: 0.3rem 0.8rem; border-radius: 4px;
  background: #b22222; color: #fff; text-decoration: none; font-size: 0.9rem;
}
.duban-back:hover { background: #8f1b1b; }
a[href^="https://github.com"] { display: none; }
/* On a phone Bull Board's title is white on its white header. */
@media (max-width: 760px) { header a[class*="logo-"] { color: #1f2328; } }
`;

/** Strings Bull Board's zh-CN translation lacks (it shows them in English). */
const MISSING_CHINESE = {
  MENU: { OVERVIEW: "总览", EXPAND_ALL: "全部展开", COLLAPSE_ALL: "全部收起" },
  DASHBOARD: {
    EMPTY_STATE: "没有可显示的队列。",
    EMPTY_STATE_FILTERED: "没有{{status}}作业的队列。",
  },
  JOB: { NO_PROGRESS: "暂无进度数据", NO_ERRORS: "没有错误记录", NO_LOGS: "暂无日志" },
  QUEUE: { EMPTY_STATE: "此队列中没有{{status}}作业。" },
  SETTINGS: {
    USE_COLLAPSIBLE_JSON: "可折叠显示 JSON",
    DEFAULT_COLLAPSE_DEPTH: "JSON 默认折叠层级（0–10）",
    SORT_QUEUES: "队列排序（A–Z，分组在前）",
  },
  CLIPBOARD: { COPY_FAILED: "复制失败：浏览器可能不支持此功能，或页面未通过 HTTPS 访问。" },
};

type Messages = { [key: string]: string | Messages };

function merge(base: Messages, extra: Messages): Messages {
  const out: Messages = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] =
      typeof v === "string"
        ? typeof b === "string" && b
          ? b
          : v
        : merge(typeof b === "object" ? b : {}, v);
  }
  return out;
}

let messages: Messages | null = null;
function chineseMessages(): Messages {
  if (!messages) {
    const ui = path.dirname(createRequire(import.meta.url).resolve("@bull-board/ui/package.json"));
    const file = path.join(ui, "dist/static/locales/zh-CN/messages.json");
    messages = merge(JSON.parse(readFileSync(file, "utf8")) as Messages, MISSING_CHINESE);
  }
  return messages;
}

function onlyAdmins(req: Req, res: Res, next: NextFunction) {
  const request = new Request(`http://${req.headers.host ?? "localhost"}${req.originalUrl}`, {
    headers: { cookie: req.headers.cookie ?? "" },
  });
  getUser(request)
    .then((user) => {
      if (!user) return res.redirect(`/login?redirectTo=${encodeURIComponent(req.originalUrl)}`);
      if (user.role !== "ADMIN")
        return res
          .status(403)
          .type("text/plain; charset=utf-8")
          .send("无权访问：仅管理员可查看队列。");
      if (allQueues().length === 0)
        return res
          .status(503)
          .type("text/plain; charset=utf-8")
          .send("未配置 REDIS_URL：后台任务已暂停，没有可查看的队列。");
      next();
    })
    .catch(next);
}

/** Bull Board's page (its one rendered view) without resources of other origins, in Chinese. */
function sameOriginPage(_req: Req, res: Res, next: NextFunction) {
  const render = res.render.bind(res);
  res.render = (view: string, options?: object) =>
    render(view, options ?? {}, (error: Error | null, html?: string) => {
      if (error) return next(error);
      const page = withoutForeignResources(html ?? "")
        .replace('<html lang="en"', '<html lang="zh-CN"')
        .replace("</head>", '<link href="duban-board.css" rel="stylesheet"></head>')
        .replace("<body>", '<body><a class="duban-back" href="/">← 返回督办</a>');
      res.type("text/html; charset=utf-8").send(page);
    });
  next();
}
