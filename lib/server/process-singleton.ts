// One value per server process. proxy.ts (pages), the route handlers and
// instrumentation.ts's bundle each hold their own copy of a module's state; a
// value kept under a global symbol is one value for all of them.

/**
 * The getter of the process's one value named `name`, made by `create` the
 * first time any bundle asks. The symbol is looked up once, here, so the getter
 * costs a property read: pools and clients are asked for on every request.
 */
export function processSingleton<T>(name: string, create: () => T): () => T {
  const key = Symbol.for(`numpy-redis.${name}`);
  const store = globalThis as Record<symbol, T | undefined>;
  return () => (store[key] ??= create());
}
