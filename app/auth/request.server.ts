// The client's address, for sign-in limits and the session list. The Express server
// (app/cli/serve.ts) always overwrites x-duban-remote-address with the address it trusts: the
// socket's, or with TRUST_PROXY=N the one N proxies in front of it saw (Express's "trust proxy",
// which reads X-Forwarded-For from the right, so a client cannot choose its address by sending
// the header itself).
export function clientAddress(request: Request): string {
  return request.headers.get("x-duban-remote-address") ?? "unknown";
}
