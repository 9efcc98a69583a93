import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { getUser } from "./auth/auth.server";
import { useNonce } from "./http/nonce";
import { db } from "./db/db.server";
import { hasDemoUsers, viewerOf } from "./models/user.server";
import { ROLE_NAME } from "./ui/labels";
import styles from "./styles.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "督办 · 任务台账" }];

// Every page carries who is looking as a role and a unit, never as a person: pages are then the
// same for everyone in the same seat, which lets the server keep one rendering of a page for all of
// them (app/http/page-cache.server.ts). The person's name and email are on their profile page.
export async function loader({ request }: LoaderFunctionArgs) {
  const [user, demo] = await Promise.all([getUser(request), hasDemoUsers(db())]);
  return json({ viewer: user ? viewerOf(db(), user) : null, demo });
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const user = data?.viewer;
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="icon" href="data:," />
        <Meta />
        <Links />
      </head>
      <body>
        {data?.demo ? (
          <div className="demo-banner">
            本系统当前含演示数据（演示账号与【演示数据】标注的报送），仅供体验，不代表真实工作进展。
          </div>
        ) : null}
        <header className="site-header">
          <Link to="/" className="brand">
            督办
          </Link>
          {user ? (
            <nav>
              {user.role === "LIAISON" ? <NavLink to="/my">本单位任务</NavLink> : null}
              {user.role === "REVIEWER" ? <NavLink to="/review">督办总览</NavLink> : null}
              <NavLink to="/" end>
                任务台账
              </NavLink>
              <NavLink to="/documents">文件</NavLink>
              {user.role !== "LIAISON" ? <NavLink to="/units">单位</NavLink> : null}
              {user.role !== "LIAISON" ? <NavLink to="/reports">汇总报告</NavLink> : null}
              {user.role === "ADMIN" ? (
                <>
                  <NavLink to="/admin/users">用户管理</NavLink>
                  <NavLink to="/admin/calendar">报送周期</NavLink>
                  <NavLink to="/admin/outbox">发件箱</NavLink>
                  <NavLink to="/admin/mailbox">邮箱</NavLink>
                  <a href="/admin/queues">队列</a>
                </>
              ) : null}
            </nav>
          ) : null}
          {user ? (
            <div className="who">
              <Link to="/profile" title="我的账户">
                {user.unit
                  ? `${user.unit} · ${ROLE_NAME[user.role] ?? user.role}`
                  : (ROLE_NAME[user.role] ?? user.role)}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit">退出</button>
              </Form>
            </div>
          ) : null}
        </header>
        <main>{children}</main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const title =
      error.status === 404
        ? "未找到"
        : error.status === 403
          ? "无权访问"
          : `出错了（${error.status}）`;
    return (
      <section className="error">
        <h1>{title}</h1>
        <p>{typeof error.data === "string" ? error.data : error.statusText}</p>
        <p>
          <Link to="/">返回首页</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="error">
      <h1>出错了</h1>
      <p>页面暂时无法显示，请稍后重试。</p>
    </section>
  );
}
