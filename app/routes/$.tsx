// Any URL no other route matches: a 404 page in Chinese, inside the layout (the root loader has
// run, so the navigation is there), and one line in the log instead of the router's stack trace.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";

function notFound(request: Request): never {
  const url = new URL(request.url);
  console.warn(`web: 404 ${request.method} ${url.pathname}`);
  throw new Response("您访问的页面不存在，可能已被移动或删除。请检查网址，或从导航进入。", {
    status: 404,
  });
}

export const loader = ({ request }: LoaderFunctionArgs) => notFound(request);
export const action = ({ request }: ActionFunctionArgs) => notFound(request);

export default function NotFound() {
  return null;
}
