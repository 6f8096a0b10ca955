// A Map shared by the whole server process (lib/server/process-singleton.ts) and bounded in size.
import { processSingleton } from "./process-singleton";

/** A map that holds at most `limit` entries: setting a new key past it forgets the oldest. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    this.delete(key);
    while (this.size >= this.limit) this.delete(this.keys().next().value as K);
    return super.set(key, value);
  }
}

/** A getter of the process's one map named `name` (created on first use with room for `limit` entries). */
export function processMap<K, V>(name: string, limit: number): () => BoundedMap<K, V> {
  return processSingleton(name, () => new BoundedMap<K, V>(limit));
}
