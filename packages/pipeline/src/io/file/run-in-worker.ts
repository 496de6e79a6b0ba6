import type { PartResult, RenderedRows, SortedEntries } from "../../kernel.ts";
import type { PartJob } from "./read-part.ts";

/** What a Worker's part job answers after its result (see PartJob.sorted and PartJob.exchange). */
export interface FollowUp {
  sorted?: SortedEntries | null;
  rows?: RenderedRows | null;
}

/** A part job running in a Worker: its result, and the message that follows it when the job asks for one. */
export interface WorkerPart {
  result: Promise<PartResult>;
  /** With an exchange: whether the Worker's kernel can write the part's rows (see PartJob.exchange). */
  renderable: Promise<boolean>;
  /** The second message (null when none follows: a job without `sorted` or `exchange`, or a failure). */
  follow: Promise<FollowUp | null>;
}

/**
 * Aggregates one part in `worker` (ended or pooled by the caller afterwards). `follow` settles in
 * every case, so the caller can wait for the Worker to be done with the job before giving it another.
 */
export function runInWorker(worker: Worker, j: PartJob): WorkerPart {
  let settleFollow: (f: FollowUp | null) => void = () => {};
  const follow = new Promise<FollowUp | null>((resolve) => (settleFollow = resolve));
  let settleRenderable: (r: boolean) => void = () => {};
  const renderable = new Promise<boolean>((resolve) => (settleRenderable = resolve));
  const expectsFollow = j.sorted === true || j.exchange !== undefined;
  const result = new Promise<PartResult>((resolve, reject) => {
    let answered = false;
    worker.onmessage = (event: MessageEvent<{ result?: PartResult; error?: string; renderable?: boolean } & FollowUp>) => {
      if (answered) return settleFollow(event.data.error ? null : event.data);
      answered = true;
      settleRenderable(event.data.renderable === true);
      if (event.data.result) resolve(event.data.result);
      else reject(new Error(`aggregate worker: ${event.data.error}`));
      if (!expectsFollow || !event.data.result) settleFollow(null);
    };
    worker.onerror = (event) => {
      reject(new Error(`aggregate worker: ${event.message}`));
      settleRenderable(false);
      settleFollow(null);
    };
    worker.postMessage(j);
  });
  return { result, renderable, follow };
}
