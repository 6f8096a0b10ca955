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

/**
 * Whole commands, ready to write: "*<n>\r\n" and the arguments of each. Built as
 * text runs between the Buffer arguments and written into one buffer, allocated
 * once: every small request writes one.
 */
export function commands(...list: Argument[][]): Buffer {
  const pieces: (string | Buffer)[] = [];
  let text = "";
  for (const args of list) {
    text += `*${args.length}\r\n`;
    for (const arg of args) {
      if (Buffer.isBuffer(arg)) {
        pieces.push(`${text}$${arg.length}\r\n`, arg);
        text = "\r\n";
      } else {
        const value = String(arg);
        text += `$${Buffer.byteLength(value, "utf8")}\r\n${value}\r\n`;
      }
    }
  }
  pieces.push(text);
  let size = 0;
  for (const piece of pieces) size += typeof piece === "string" ? Buffer.byteLength(piece, "utf8") : piece.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const piece of pieces) at += typeof piece === "string" ? out.write(piece, at, "utf8") : piece.copy(out, at);
  return out;
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
