import { describe, PipelineError } from "../../errors.ts";

/**
 * A heartbeat that failed while a batch was being handled: the group went on without this member
 * (a rebalance, or the coordinator evicted it). Never the batch's own fault, so it is retriable — nothing
 * is dead-lettered for it — and the batch's result is dropped: the partition's next owner redoes it.
 */
export class MembershipLostError extends PipelineError {
  constructor(cause: unknown) {
    super(`kafka group membership lost while handling the batch: ${describe(cause)}`, { retriable: true, cause });
    this.name = "MembershipLostError";
  }
}

/** True when `error`, or an error it wraps (`cause`), is a MembershipLostError. */
export function isMembershipLost(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; depth++) {
    if (e instanceof MembershipLostError) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** What a batch in progress uses to stay in the group. */
export interface BatchHeartbeat {
  /** For the job (`ctx.keepAlive()`): beats now; throws MembershipLostError once the membership is gone. */
  heartbeat: () => Promise<void>;
  /** Ends the background beats (the batch is done). */
  stop: () => void;
}

/**
 * Beats every `everyMs` while a batch is handled, beside the job's own keep-alives. kafkajs only
 * heartbeats between batches or when asked; a batch stuck behind a sink that times out (Cassandra going
 * down: ~10 s per statement) would otherwise outlive the session and get this member evicted, and the
 * rejoin costs the whole group a rebalance (the fault suite measured 25–60 s to recover from that).
 * kafkajs sends nothing when a beat is not yet due, so beating often is cheap.
 */
export function batchHeartbeat(beat: () => Promise<void>, everyMs: number): BatchHeartbeat {
  let lost: MembershipLostError | undefined;
  const once = async (): Promise<void> => {
    if (lost) throw lost;
    try {
      await beat();
    } catch (err) {
      lost ??= new MembershipLostError(err);
      throw lost;
    }
  };
  const timer = setInterval(() => void once().catch(() => {}), everyMs);
  return { heartbeat: once, stop: () => clearInterval(timer) };
}
