// Builds the web app once so that page tests render the real Remix build.
import { execFileSync } from "node:child_process";
import path from "node:path";

export default function setup() {
  const root = path.resolve(__dirname, "..");
  execFileSync(path.join(root, "node_modules/.bin/remix"), ["build"], {
    cwd: root,
    stdio: "pipe",
    env: { ...process.env, NODE_ENV: "production" },
  });
}
