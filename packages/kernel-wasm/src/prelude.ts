/** Strips an optional UTF-8 byte order mark from the very start of a stream, whatever the chunking. */
export class BomStripper {
  private head: Uint8Array | null = new Uint8Array(0);

  /** Returns the bytes to pass on (possibly empty while the first three bytes are still unknown). */
  feed(chunk: Uint8Array): Uint8Array {
    if (this.head === null) return chunk;
    const head = concat(this.head, chunk);
    if (head.length < 3 && isBomPrefix(head)) {
      this.head = head.slice(); // a copy: the caller may reuse the chunk's buffer
      return new Uint8Array(0);
    }
    this.head = null;
    return isBomPrefix(head) ? head.subarray(3) : head;
  }

  /** True once the start of the stream is known: every later `feed` returns its chunk unchanged. */
  get settled(): boolean {
    return this.head === null;
  }

  /** End of input: whatever was held back (a lone partial BOM is data). */
  finish(): Uint8Array {
    const head = this.head ?? new Uint8Array(0);
    this.head = null;
    return head;
  }
}

const BOM = [0xef, 0xbb, 0xbf];

function isBomPrefix(b: Uint8Array): boolean {
  for (let i = 0; i < Math.min(3, b.length); i++) if (b[i] !== BOM[i]) return false;
  return true;
}

/** Concatenates two byte arrays (returns `b` itself when `a` is empty). */
export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
