import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { setPasswordAction, setPasswordLoader } from "~/auth/set-password.server";
import { SetPasswordPage } from "~/ui/set-password-form";

export const meta: MetaFunction = () => [{ title: "接受邀请，设置密码 · 督办" }];
export const loader = ({ params }: LoaderFunctionArgs) =>
  setPasswordLoader(params.token!, "INVITE");
export const action = ({ request, params }: ActionFunctionArgs) =>
  setPasswordAction(request, params.token!, "INVITE");

export default function Page() {
  return <SetPasswordPage title="接受邀请，设置密码" />;
}
