import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { setPasswordAction, setPasswordLoader } from "~/auth/set-password.server";
import { SetPasswordPage } from "~/ui/set-password-form";

export const meta: MetaFunction = () => [{ title: "重置密码 · 督办" }];
export const loader = ({ params }: LoaderFunctionArgs) => setPasswordLoader(params.token!, "RESET");
export const action = ({ request, params }: ActionFunctionArgs) =>
  setPasswordAction(request, params.token!, "RESET");

export default function Page() {
  return <SetPasswordPage title="重置密码" />;
}
