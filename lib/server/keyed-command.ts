import "server-only";
import { Command, type Cluster, type Redis, type RedisKey } from "ioredis";

/** A module command whose first argument is its key, so a Cluster routes it by slot. */
class KeyedCommand extends Command {
  constructor(
    name: string,
    private readonly key: RedisKey,
    args: (string | number | Buffer)[],
    options: { replyEncoding?: BufferEncoding },
  ) {
    super(name, [key, ...args], { replyEncoding: options.replyEncoding });
  }

  // ioredis knows the key positions of Redis's own commands only; NP.* take the key first.
  override getKeys(): (string | Buffer)[] {
    return [this.key];
  }
}

/**
 * NP.INFO key …, routed to the key's master on a Cluster; on one server it is an
 * ordinary command. Send it with `client.sendCommand(command)`. Replies are
 * Buffers unless replyEncoding is given. (Array bytes do not travel this way:
 * see lib/server/transfer.)
 */
export function keyedCommand(name: string, key: RedisKey, args: (string | number | Buffer)[] = [], options: { replyEncoding?: BufferEncoding } = {}): Command {
  return new KeyedCommand(name, key, args, options);
}

/** Sends a module command routed by its key (see keyedCommand) and resolves with its reply. */
export function sendKeyed(
  client: Redis | Cluster,
  name: string,
  key: RedisKey,
  args: (string | number | Buffer)[] = [],
  options: { replyEncoding?: BufferEncoding } = {},
): Promise<unknown> {
  const command = keyedCommand(name, key, args, options);
  void client.sendCommand(command);
  return command.promise;
}
