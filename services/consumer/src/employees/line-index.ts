const LF = 0x0a;

/**
 * The lines of a message's bytes (1-based, as the kernel and `text.split("\n")` number them), built
 * on first use: most messages the kernel reads whole never need it.
 */
export class LineIndex {
  private ends: number[] | null = null;

  constructor(private readonly bytes: Buffer) {}

  private lineEnds(): number[] {
    if (this.ends) return this.ends;
    const ends: number[] = [];
    for (let i = this.bytes.indexOf(LF); i >= 0; i = this.bytes.indexOf(LF, i + 1)) ends.push(i);
    ends.push(this.bytes.length);
    return (this.ends = ends);
  }

  /** Lines, counting a last one without LF (an empty last line too: the kernel sees it as blank). */
  count(): number {
    return this.lineEnds().length;
  }

  /** Whether the kernel skips line `line` as blank: empty, or a lone CR (JS also skips lines of spaces). */
  kernelBlank(line: number): boolean {
    const ends = this.lineEnds();
    const start = line === 1 ? 0 : ends[line - 2]! + 1;
    const length = ends[line - 1]! - start;
    return length === 0 || (length === 1 && this.bytes[start] === 0x0d);
  }

  /** The line holding byte `offset`. */
  lineAt(offset: number): number {
    const ends = this.lineEnds();
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  /** Line `line`'s text without its LF (a CR before it stays, as with split("\n")). */
  text(line: number): string {
    const ends = this.lineEnds();
    const start = line === 1 ? 0 : ends[line - 2]! + 1;
    return this.bytes.toString("utf8", start, ends[line - 1]!);
  }
}
