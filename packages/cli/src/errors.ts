/**
 * The CLI's own error: bad command-line arguments (exit 2). Input errors are the pipeline's
 * `InputError`; kernel errors are @tally/kernel-wasm's.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
