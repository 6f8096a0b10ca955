import "server-only";
import { Cluster, Redis, type ClusterNode, type ClusterOptions, type Command } from "ioredis";
import { commandTimeoutMs } from "./config";

/**
 * ioredis's own commandTimeout rejects a command from a plain timer, and timers
 * run before the event loop reads its sockets: after the loop was held up (a
 * long task, a CPU starved under load) a reply waiting unread in the socket
 * was taken for a silent Redis and the request answered 503. Here the timer
 * only starts the judgement; it is made once this turn's reads are done (as
 * lib/server/transfer/wire.ts does), when a reply that had arrived has settled
 * the command.
 */

// Commands already timed: a cluster sends a command again after a redirection.
const timed = new WeakSet<Command>();

function timeStall(command: Command): void {
  if (timed.has(command)) return;
  timed.add(command);
  const timer = setTimeout(() => {
    setImmediate(() => {
      if (!command.isSettled) command.reject(new Error("Command timed out"));
    });
  }, commandTimeoutMs());
  const clear = () => clearTimeout(timer);
  command.promise.then(clear, clear);
}

/** A standalone client whose commands time out only when Redis was silent for REDIS_COMMAND_TIMEOUT_MS. */
export class StallTimedRedis extends Redis {
  override sendCommand(command: Command, stream?: Parameters<Redis["sendCommand"]>[1]): unknown {
    timeStall(command);
    return super.sendCommand(command, stream);
  }
}

/**
 * A cluster client whose commands time out as StallTimedRedis's do: those it
 * routes, and those sent straight to one node's connection (topology, health,
 * a node's DBSIZE), which never pass through the cluster's sendCommand.
 */
export class StallTimedCluster extends Cluster {
  constructor(nodes: ClusterNode[], options: ClusterOptions) {
    // The app reads replies as ioredis always shaped them ("legacy"), whatever the options' type allows.
    super(nodes, { ...options, redisOptions: { ...options.redisOptions, replyMapping: "legacy" } });
    this.on("+node", (node: Redis) => {
      const send = node.sendCommand.bind(node);
      node.sendCommand = (command, stream) => {
        timeStall(command);
        return send(command, stream);
      };
    });
  }

  override sendCommand(...args: Parameters<Cluster["sendCommand"]>): unknown {
    timeStall(args[0]);
    return super.sendCommand(...args);
  }
}
