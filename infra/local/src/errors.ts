/** A failure the stack launcher reports as one clear line and a non-zero exit. */
export class StackError extends Error {
  override readonly name = "StackError";
  constructor(
    message: string,
    /** Where to look next (a log file), printed after the message. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
