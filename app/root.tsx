import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Links,
  Meta,
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
import { ErrorPage } from "./ui/error-page";
import { useFocusFirstError } from "./ui/form";
import { SiteHeader } from "./ui/site-header";
import styles from "./styles.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = ({ error }) => [
  {
    title: !error
      ? "督办 · 任务台账"
      : isRouteErrorResponse(error) && error.status === 404
        ? "页面不存在 · 督办"
        : "出错了 · 督办",
  },
];

// Every page carries who is looking as a role and a unit, never as a person: pages are then the
// same for everyone in the same seat, which lets the server keep one rendering of a page for all of
// them (app/http/page-cache.server.ts). The person's name and email are on their profile page.
export async function loader({ request }: LoaderFunctionArgs) {
  const [user, demo] = await Promise.all([getUser(request), hasDemoUsers(db())]);
  return json({ viewer: user ? viewerOf(db(), user) : null, demo });
}

export function Layout({ children }: { children: React.ReactNode }) {
  // Also rendered for error pages: the root's data is there whenever its loader ran (an unknown
  // URL reaches the splat route, app/routes/$.tsx, so the navigation shows on a 404 as well).
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  useFocusFirstError();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="format-detection" content="telephone=no" />
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
        <SiteHeader viewer={data?.viewer} />
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
  return <ErrorPage error={useRouteError()} />;
}
