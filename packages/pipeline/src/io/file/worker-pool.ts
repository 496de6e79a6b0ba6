/** A Worker running aggregate-worker.ts (its own kernel instance; one PartJob at a time). */
export function startAggregateWorker(): Worker {
  // ".js": the CLI's bundle has aggregate-worker.js beside this code; Bun resolves the name to the .ts
  // file when it runs the sources (Deno would need --sloppy-imports).
  // A module Worker: Deno has no other kind ("Classic workers are not supported"); Bun takes either.
  return new Worker(new URL("./aggregate-worker.js", import.meta.url).href, { type: "module" });
}

/**
 * Aggregate Workers kept between files (a service reads many): a file takes what it needs and hands
 * them back, so only the first files pay the Workers' start-up. Idle Workers do not keep the process
 * alive; one whose job failed is ended rather than reused.
 */
export class WorkerPool {
  private readonly idle: Worker[] = [];

  constructor(private readonly maxIdle: number) {}

  /** `n` Workers for one file (idle ones first). */
  take(n: number): Worker[] {
    const out = this.idle.splice(0, n);
    while (out.length < n) {
      const w = startAggregateWorker();
      (w as Worker & { unref?: () => void }).unref?.(); // Bun and Node have it; Deno's Workers do not hold the process open anyway
      out.push(w);
    }
    return out;
  }

  /** Hands Workers back after a file; `healthy` false ends them. */
  give(workers: readonly Worker[], healthy: boolean): void {
    for (const w of workers) {
      if (healthy && this.idle.length < this.maxIdle) this.idle.push(w);
      else w.terminate();
    }
  }

  /** Ends the idle Workers (shutdown). */
  close(): void {
    for (const w of this.idle.splice(0)) w.terminate();
  }
}
