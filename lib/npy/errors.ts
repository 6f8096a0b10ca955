/**
 * The one error this library throws. The message names the problem in words a
 * person can act on and, where a position applies, the byte offset in the file.
 */
export class NpyError extends Error {
  /** Byte offset in the file where the problem is, when there is one. */
  readonly offset?: number;

  constructor(message: string, offset?: number) {
    super(offset === undefined ? message : `${message} (at byte ${offset})`);
    this.name = "NpyError";
    this.offset = offset;
  }
}
