import "server-only";

/**
 * The one RESP2 encoder of the transfer code. Everything written on a wire is
 * built here: whole commands, and the head of a command whose last big argument
 * follows as it arrives from the client.
 */

export type Argument = string | number | Buffer;

export const CRLF = Buffer.from("\r\n", "latin1");

/** "$<length>\r\n", the header of a bulk string whose bytes follow. */
function bulkHeader(length: number): Buffer {
  return Buffer.from(`$${length}\r\n`, "latin1");
}

function bulkStrings(args: Argument[]): Buffer[] {
  return args.flatMap((arg) => {
    const bytes = Buffer.isBuffer(arg) ? arg : Buffer.from(String(arg), "utf8");
    return [bulkHeader(bytes.length), bytes, CRLF];
  });
}

/** Whole commands, ready to write: "*<n>\r\n" and the arguments of each. */
export function commands(...list: Argument[][]): Buffer {
  return Buffer.concat(list.flatMap((args) => [Buffer.from(`*${args.length}\r\n`, "latin1"), ...bulkStrings(args)]));
}

/**
 * A command sent in three parts, for a bulk argument too big to hold: head()
 * (the leading arguments and the big one's length), the big argument's bytes as
 * they come, then tail() (CRLF and the trailing arguments).
 */
export function streamedCommand(leading: Argument[], bulkLength: number, trailing: Argument[]): { head: Buffer; tail: Buffer } {
  const count = leading.length + 1 + trailing.length;
  return {
    head: Buffer.concat([Buffer.from(`*${count}\r\n`, "latin1"), ...bulkStrings(leading), bulkHeader(bulkLength)]),
    tail: Buffer.concat([CRLF, ...bulkStrings(trailing)]),
  };
}
