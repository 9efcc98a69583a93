import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import styles from "./styles.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "督办 · 任务台账" }];

export function Layout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <header className="site-header">
          <Link to="/" className="brand">
            督办
          </Link>
          <nav>
            <NavLink to="/" end>
              任务台账
            </NavLink>
            <NavLink to="/documents">文件</NavLink>
            <NavLink to="/units">单位</NavLink>
          </nav>
        </header>
        <main>{children}</main>
        <ScrollRestoration />
        <Scripts />
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
    return (
      <section className="error">
        <h1>{error.status === 404 ? "未找到" : `出错了（${error.status}）`}</h1>
        <p>{typeof error.data === "string" ? error.data : error.statusText}</p>
        <p>
          <Link to="/">返回任务台账</Link>
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
