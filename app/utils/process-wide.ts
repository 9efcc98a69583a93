/**
 * One value per process under a name, even when the module asking is loaded twice: the web server
 * (app/cli/serve.ts, run from source) and the Remix server build (which bundles its own copy of
 * app/) both use the database client, its read connections and the task index, and two copies of
 * a 20,000-task index would double its memory and its upkeep.
 */
export function processWide<T>(name: string, create: () => T): T {
  const registry = globalThis as unknown as Record<symbol, unknown>;
  const key = Symbol.for(`duban.${name}`);
  if (!(key in registry)) registry[key] = create();
  return registry[key] as T;
}
