// The header: brand, the viewer's pages, their seat and sign-out. On a phone the links fold
// behind 「菜单」: a <details> whose `open` attribute shows the menu beside it through CSS alone
// (`.menu[open] + .site-menu`), so it opens and closes without JavaScript too (WeChat may load the
// page before its scripts, or not run them at all).
import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { ROLE_NAME } from "./labels";

export type HeaderViewer = { role: string; unit: string | null };

export function SiteHeader({ viewer }: { viewer: HeaderViewer | null | undefined }) {
  const menu = useRef<HTMLDetailsElement>(null);
  const location = useLocation();
  // After a client-side navigation the menu folds again, as it would on a new page.
  useEffect(() => {
    menu.current?.removeAttribute("open");
  }, [location.pathname, location.search]);
  return (
    <header className="site-header">
      <Link to="/" className="brand">
        督办
      </Link>
      {viewer ? (
        <>
          <details className="menu" ref={menu}>
            <summary>菜单</summary>
          </details>
          <div className="site-menu">
            <SiteNav role={viewer.role} />
            <div className="who">
              <Link to="/profile" title="我的账户">
                {viewer.unit
                  ? `${viewer.unit} · ${ROLE_NAME[viewer.role] ?? viewer.role}`
                  : (ROLE_NAME[viewer.role] ?? viewer.role)}
              </Link>
              <Form method="post" action="/logout">
                <button type="submit">退出</button>
              </Form>
            </div>
          </div>
        </>
      ) : null}
    </header>
  );
}

function SiteNav({ role }: { role: string }) {
  return (
    <nav aria-label="主导航">
      {role === "LIAISON" ? <NavLink to="/my">本单位任务</NavLink> : null}
      {role === "REVIEWER" || role === "LEADER" ? <NavLink to="/review">督办总览</NavLink> : null}
      <NavLink to="/" end>
        任务台账
      </NavLink>
      <NavLink to="/documents">文件</NavLink>
      {role === "REVIEWER" ? <NavLink to="/import">导入文件</NavLink> : null}
      {role !== "LIAISON" ? <NavLink to="/units">单位</NavLink> : null}
      {role !== "LIAISON" ? <NavLink to="/reports">汇总报告</NavLink> : null}
      {role === "ADMIN" ? (
        <>
          <NavLink to="/admin/users">用户管理</NavLink>
          <NavLink to="/admin/calendar">报送周期</NavLink>
          <NavLink to="/admin/holidays">节假日</NavLink>
          <NavLink to="/admin/lights">督办灯设置</NavLink>
          <NavLink to="/admin/escalation">督办升级</NavLink>
          <NavLink to="/admin/outbox">发件箱</NavLink>
          <NavLink to="/admin/mailbox">邮箱</NavLink>
          {/* Bull Board is not a Remix page: a full page load. */}
          <a href="/admin/queues">队列监控</a>
        </>
      ) : null}
    </nav>
  );
}
