/** Cassandra refuses a partition key longer than this many bytes. */
export const MAX_KEY_BYTES = 65535;

const encoder = new TextEncoder();

/**
 * Why `value` cannot name a billed party (a company, a user, a task), or null when it can. Empty or
 * blank names are refused (Cassandra refuses an empty partition key, and a blank one bills nobody);
 * so are names holding U+FFFD, which is what invalid UTF-8 decodes to — two different invalid names
 * would otherwise merge into one party (a literal U+FFFD is refused too: the two cannot be told
 * apart once decoded); and names longer than Cassandra's key limit.
 */
export function keyProblem(value: string, what: string): string | null {
  if (value.trim() === "") return `${what} is empty`;
  if (value.includes("\uFFFD")) return `${what} is not valid UTF-8`;
  if (value.length > MAX_KEY_BYTES / 3 && encoder.encode(value).byteLength > MAX_KEY_BYTES) return `${what} is longer than ${MAX_KEY_BYTES} UTF-8 bytes`;
  return null;
}
