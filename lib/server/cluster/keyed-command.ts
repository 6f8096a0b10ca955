import "server-only";
import { Command, type ChainableCommander, type Cluster, type Pipeline, type Redis, type RedisKey } from "ioredis";

/** A module command whose first argument is its key, so a Cluster routes it by slot. */
class KeyedCommand extends Command {
  constructor(
    name: string,
    private readonly key: RedisKey,
    args: (string | number | Buffer)[],
    options: { readOnly?: boolean; replyEncoding?: BufferEncoding | null },
  ) {
    super(name, [key, ...args], { readOnly: options.readOnly, replyEncoding: options.replyEncoding ?? undefined });
  }

  // ioredis knows the key positions of Redis's own commands only; NP.* take the key first.
  override getKeys(): (string | Buffer)[] {
    return [this.key];
  }
}

/**
 * NP.GET key …, routed to the key's master (or, with `readOnly` and
 * REDIS_READ_FROM_REPLICAS=1, its replica) on a Cluster; on one server it is an
 * ordinary command. Send it with `client.sendCommand(command)` or in a pipeline /
 * MULTI with `.sendCommand(command)`. Replies are Buffers unless replyEncoding is given.
 */
export function keyedCommand(
  name: string,
  key: RedisKey,
  args: (string | number | Buffer)[] = [],
  options: { readOnly?: boolean; replyEncoding?: BufferEncoding } = {},
): Command {
  return new KeyedCommand(name, key, args, options);
}

/** Sends a module command routed by its key (see keyedCommand) and resolves with its reply. */
export function sendKeyed(
  client: Redis | Cluster,
  name: string,
  key: RedisKey,
  args: (string | number | Buffer)[] = [],
  options: { readOnly?: boolean; replyEncoding?: BufferEncoding } = {},
): Promise<unknown> {
  const command = keyedCommand(name, key, args, options);
  void client.sendCommand(command);
  return command.promise;
}

/** Queues a keyedCommand in a pipeline or MULTI (whose typings omit sendCommand). */
export function queueKeyed<T extends ChainableCommander>(pipeline: T, command: Command): T {
  (pipeline as unknown as Pipeline).sendCommand(command);
  return pipeline;
}
