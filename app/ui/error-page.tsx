// The page shown for a refused, missing or failed request, inside the usual layout.
import { Link, isRouteErrorResponse } from "@remix-run/react";

export function ErrorPage({ error }: { error: unknown }) {
  if (isRouteErrorResponse(error)) {
    const title =
      error.status === 404
        ? "页面不存在"
        : error.status === 403
          ? "无权访问"
          : error.status === 405
            ? "不支持的操作"
            : `出错了（${error.status}）`;
    // A thrown Response's body is ours and Chinese; anything else (the router's own English
    // messages) is replaced.
    const said = typeof error.data === "string" && /\p{Script=Han}/u.test(error.data);
    return (
      <section className="error">
        <h1>{title}</h1>
        <p>{said ? error.data : (DEFAULT_TEXT[error.status] ?? "请求未能完成。")}</p>
        <p>
          <Link to="/">返回首页</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="error">
      <h1>出错了</h1>
      <p>页面暂时无法显示，请稍后重试。如问题持续，请联系系统管理员。</p>
      <p>
        <Link to="/">返回首页</Link>
      </p>
    </section>
  );
}

const DEFAULT_TEXT: Record<number, string> = {
  400: "请求有误。",
  403: "您没有访问此页面的权限。",
  404: "您访问的页面不存在，可能已被移动或删除。请检查网址，或从导航进入。",
  405: "此页面不支持该操作。",
};
