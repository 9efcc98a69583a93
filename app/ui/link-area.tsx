// Long tables hold hundreds of links (tasks, units). A Remix <Link> per cell resolves its route
// and registers handlers while rendering, which made link resolution a tenth of a ledger page's
// server time. Cells use plain <a href>; one handler on the table turns an ordinary click on an
// in-app link into a client-side navigation, as <Link> would.
import { useNavigate } from "@remix-run/react";
import type { MouseEvent } from "react";

export function useLinkClicks() {
  const navigate = useNavigate();
  return (e: MouseEvent<HTMLElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
      return;
    const a = (e.target as Element).closest?.("a");
    if (
      !a ||
      (a.target && a.target !== "_self") ||
      a.hasAttribute("download") ||
      a.origin !== window.location.origin
    )
      return;
    e.preventDefault();
    navigate(a.pathname + a.search + a.hash);
  };
}
