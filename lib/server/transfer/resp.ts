import "server-only";

/**
 * The one RESP encoder of the transfer code. Everything written on a wire is
 * built here: whole commands, and the head of a command whose last big argument
 * follows as it arrives from the client.
 */

export type Argument = string | number | Buffer;

/**
 * Builds bytes to write as text runs between Buffer arguments, then copies
 * them into one buffer, allocated once: every small request writes one.
 */
class RespWriter {
  private readonly pieces: (string | Buffer)[] = [];
  private text = "";

  /** Protocol text as it is: "*<n>\r\n", "$<length>\r\n", "\r\n". */
  raw(text: string): this {
    this.text += text;
    return this;
  }

  /** Each argument as a bulk string. */
  bulks(args: Argument[]): this {
    for (const arg of args) {
      if (Buffer.isBuffer(arg)) {
        this.pieces.push(`${this.text}$${arg.length}\r\n`, arg);
        this.text = "\r\n";
      } else {
        const value = String(arg);
        this.text += `$${Buffer.byteLength(value, "utf8")}\r\n${value}\r\n`;
      }
    }
    return this;
  }

  toBuffer(): Buffer {
    const pieces = [...this.pieces, this.text];
    let size = 0;
    for (const piece of pieces) size += typeof piece === "string" ? Buffer.byteLength(piece, "utf8") : piece.length;
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    for (const piece of pieces) at += typeof piece === "string" ? out.write(piece, at, "utf8") : piece.copy(out, at);
    return out;
  }
}

/** Whole commands, ready to write: "*<n>\r\n" and the arguments of each. */
export function commands(...list: Argument[][]): Buffer {
  const writer = new RespWriter();
  for (const args of list) writer.raw(`*${args.length}\r\n`).bulks(args);
  return writer.toBuffer();
}

/**
 * A command sent in three parts, for a bulk argument too big to hold: head()
 * (the leading arguments and the big one's length), the big argument's bytes as
 * they come, then tail() (CRLF and the trailing arguments).
 */
export function streamedCommand(leading: Argument[], bulkLength: number, trailing: Argument[]): { head: Buffer; tail: Buffer } {
  const count = leading.length + 1 + trailing.length;
  return {
    head: new RespWriter().raw(`*${count}\r\n`).bulks(leading).raw(`$${bulkLength}\r\n`).toBuffer(),
    tail: new RespWriter().raw("\r\n").bulks(trailing).toBuffer(),
  };
}
