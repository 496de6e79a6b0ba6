import { randomUUID } from "node:crypto";
import type { Progress, RunResult } from "@tally/generate";
import { GenerationLimitError } from "./errors.ts";

/** What POST /generate asked for, checked and with every default filled in. */
export interface GenerationParams {
  kind: string;
  count: number;
  seed: number;
  /** Epoch second of the first record (reported, so a run can be repeated exactly). */
  start: number;
  /** Records per second; undefined: as fast as Kafka takes them. */
  rate?: number;
  topic: string;
}

export type GenerationStatus = "running" | "done" | "failed" | "cancelled";

/** A generation as GET /generate/{id} shows it. */
export interface GenerationView {
  id: string;
  kind: string;
  count: number;
  seed: number;
  start: number;
  rate: number | null;
  topic: string;
  status: GenerationStatus;
  /** Records Kafka acknowledged so far. */
  sent: number;
  total: number;
  ratePerSec: number;
  startedAt: string;
  finishedAt?: string;
  error?: string;
}

/** Does the work; the real one produces to Kafka (kafka-generation-runner.ts), tests pass a fake. */
export interface GenerationRunner {
  /** Resolves when `topic` exists; rejects (GenerateProduceError) when it does not or Kafka is unreachable. */
  check(topic: string): Promise<void>;
  /** Produces the whole generation; resolves `aborted` when the signal stopped it. */
  run(params: GenerationParams, control: { signal: AbortSignal; onProgress(progress: Progress): void }): Promise<RunResult>;
}

export interface GenerationsOptions {
  /** Generations running at once; more is GenerationLimitError (HTTP 429). */
  maxRunning?: number;
  /** Finished generations remembered for GET (the oldest are forgotten first). */
  keep?: number;
  newId?: () => string;
  now?: () => Date;
}

/** Told how many more records a generation got acknowledged (for a metric). */
export type RecordsListener = (params: GenerationParams, records: number) => void;

interface Entry {
  view: GenerationView;
  params: GenerationParams;
  controller: AbortController;
  finished: Promise<void>;
}

/**
 * The producer's background generations: at most `maxRunning` at a time, each cancellable, the
 * last `keep` remembered. Pure apart from the runner it is given.
 */
export class Generations {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners: RecordsListener[] = [];
  private starting = 0;
  private readonly maxRunning: number;
  private readonly keep: number;
  private readonly newId: () => string;
  private readonly now: () => Date;

  constructor(private readonly runner: GenerationRunner, options: GenerationsOptions = {}) {
    this.maxRunning = options.maxRunning ?? 1;
    this.keep = options.keep ?? 20;
    this.newId = options.newId ?? randomUUID;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Starts a generation in the background once the runner's check passed; resolves with its view
   * (status running). GenerationLimitError when `maxRunning` already run; the check's error otherwise.
   */
  async start(params: GenerationParams): Promise<GenerationView> {
    this.assertSlotFree();
    // Counted as running while the check is awaited, so a concurrent start cannot take the same slot.
    this.starting++;
    try {
      await this.runner.check(params.topic);
    } finally {
      this.starting--;
    }
    const id = this.newId();
    const view: GenerationView = {
      id, kind: params.kind, count: params.count, seed: params.seed, start: params.start, rate: params.rate ?? null,
      topic: params.topic, status: "running", sent: 0, total: params.count, ratePerSec: 0, startedAt: this.now().toISOString(),
    };
    const controller = new AbortController();
    const entry: Entry = { view, params, controller, finished: Promise.resolve() };
    entry.finished = this.run(entry);
    this.entries.set(id, entry);
    this.forgetOld();
    return { ...view };
  }

  /** Calls `listener` whenever a generation's records are acknowledged, with how many more. */
  observeRecords(listener: RecordsListener): void {
    this.listeners.push(listener);
  }

  /** A generation's current view, or undefined for an unknown (or forgotten) id. */
  get(id: string): GenerationView | undefined {
    const entry = this.entries.get(id);
    return entry && { ...entry.view };
  }

  /** Every remembered generation, newest first. */
  list(): GenerationView[] {
    return [...this.entries.values()].reverse().map((e) => ({ ...e.view }));
  }

  /**
   * Stops a running generation after its batch in flight and waits (at most `waitMs`) for it to
   * end; a finished one is left as it is. undefined for an unknown id.
   */
  async cancel(id: string, waitMs = 10_000): Promise<GenerationView | undefined> {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    entry.controller.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([entry.finished, new Promise((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    return { ...entry.view };
  }

  /** Cancels every running generation and waits for them (graceful shutdown). */
  async cancelAll(): Promise<void> {
    const running = [...this.entries.values()].filter((e) => e.view.status === "running");
    for (const e of running) e.controller.abort();
    await Promise.all(running.map((e) => e.finished));
  }

  private running(): number {
    let n = this.starting;
    for (const e of this.entries.values()) if (e.view.status === "running") n++;
    return n;
  }

  private assertSlotFree(): void {
    if (this.running() >= this.maxRunning) {
      const busy = [...this.entries.values()].filter((e) => e.view.status === "running").map((e) => e.view.id);
      throw new GenerationLimitError(this.maxRunning, busy);
    }
  }

  private async run(entry: Entry): Promise<void> {
    const { view, params, controller } = entry;
    let reported = 0;
    const onProgress = (p: Progress) => {
      view.sent = p.sent;
      view.ratePerSec = Math.round(p.ratePerSec);
      for (const listener of this.listeners) listener(params, p.sent - reported);
      reported = p.sent;
    };
    try {
      const result = await this.runner.run(params, { signal: controller.signal, onProgress });
      view.sent = result.sent;
      view.status = result.aborted ? "cancelled" : "done";
    } catch (err) {
      view.status = "failed";
      view.error = err instanceof Error ? err.message : String(err);
    }
    view.finishedAt = this.now().toISOString();
  }

  private forgetOld(): void {
    for (const [id, e] of this.entries) {
      if (this.entries.size <= this.keep) return;
      if (e.view.status !== "running") this.entries.delete(id);
    }
  }
}
