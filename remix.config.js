/**
 * Remix v2 with its esbuild compiler, configured here as the project asked (remix.config.js).
 * The server build is ESM because the Prisma 7 client is ESM-only.
 * @type {import('@remix-run/dev').AppConfig}
 */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // Keep the compiler cache out of the project root.
  cacheDirectory: "node_modules/.cache/remix",
  // Workspace packages are external (node_modules); the generated Prisma client under app/ is bundled.
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
  },
};
