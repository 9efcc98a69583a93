// Signed-in GETs and form POSTs against the real server, for the supervision cycle's page tests.
import { signIn } from "./server";

export function pageClient(base: string) {
  const cookies: Record<string, string> = {};
  return {
    async signIn(who: string, email: string, password: string) {
      cookies[who] = await signIn(base, email, password);
    },
    async get(path: string, who: string) {
      const res = await fetch(base + path, {
        headers: { cookie: cookies[who]! },
        redirect: "manual",
      });
      return { status: res.status, html: (await res.text()).replaceAll("<!-- -->", "") };
    },
    async post(path: string, who: string, fields: Record<string, string>) {
      const res = await fetch(base + path, {
        method: "POST",
        redirect: "manual",
        headers: {
          cookie: cookies[who]!,
          origin: base,
          "content-type": "application/x-www-form-urlencoded",
        },
        body: new URLSearchParams(fields),
      });
      return {
        status: res.status,
        location: res.headers.get("location"),
        html: (await res.text()).replaceAll("<!-- -->", ""),
      };
    },
  };
}

/** A report form's fields (the lead's consolidated report unless a co-unit posts it). */
export function reportFields(over: Partial<Record<string, string>> = {}): Record<string, string> {
  return {
    baseReportId: "",
    period: "2026-12",
    status: "IN_PROGRESS",
    percent: "50",
    progress: "已完成阶段性工作。",
    problems: "",
    nextSteps: "",
    coordination: "",
    ...over,
  } as Record<string, string>;
}
