import type { WindowFn } from "./fixed-windows.ts";

/**
 * How far one partition of a stream has come in event time, persisted so another consumer (or this
 * one after a restart) resumes exactly where it was.
 *
 * - `finalThroughMs` (F): every window ending at or before it is final for this partition. It only
 *   grows: with the watermark (highest event time seen − allowed lateness), and when the partition
 *   goes idle (caught up and without events for `idleMs`) to the end of its last event's window;
 * - an idle partition holds nothing open, so it does not hold the stream's windows back (like
 *   Flink's idle sources); when events come again it is active again;
 * - an event whose window ends at or before F, or at or before the stream's final-through, is late:
 *   counted as late, never added.
 */
export interface PartitionProgress {
  /** Highest event time seen; null before the first event. */
  maxEventMs: number | null;
  finalThroughMs: number;
  /** Offset after the last message this progress covers (the next to read). */
  nextOffset: bigint;
  /** Wall-clock time of the last event (or of the start, before any), for the idle flush. */
  lastActivityMs: number;
  idle: boolean;
}

export interface EventTimeOptions {
  windows: WindowFn;
  allowedLatenessMs: number;
  idleMs: number;
}

/** A partition that has seen nothing yet: it holds every window open until it sees events or goes idle. */
export function freshProgress(nowMs: number, nextOffset = 0n): PartitionProgress {
  return { maxEventMs: null, finalThroughMs: Number.NEGATIVE_INFINITY, nextOffset, lastActivityMs: nowMs, idle: false };
}

/** True when an event at `eventMs` belongs to a window already final for this partition or the stream. */
export function isLate(progress: PartitionProgress, eventMs: number, options: EventTimeOptions, streamFinalThroughMs = Number.NEGATIVE_INFINITY): boolean {
  return options.windows.assign(eventMs).end <= Math.max(progress.finalThroughMs, streamFinalThroughMs);
}

/** Advances progress past one on-time or late event (late events still move nothing backwards). */
export function observeEvent(progress: PartitionProgress, eventMs: number, options: EventTimeOptions): void {
  progress.idle = false;
  if (progress.maxEventMs === null || eventMs > progress.maxEventMs) progress.maxEventMs = eventMs;
  const watermark = progress.maxEventMs - options.allowedLatenessMs;
  if (watermark > progress.finalThroughMs) progress.finalThroughMs = watermark;
}

/**
 * The idle flush: after `idleMs` without events, the partition goes idle and closes its open
 * windows (F moves to the end of its last event's window). Returns whether anything changed. The
 * caller checks the partition is caught up: one with unread messages is busy, not idle.
 */
export function flushIfIdle(progress: PartitionProgress, nowMs: number, options: EventTimeOptions): boolean {
  if (progress.idle || nowMs - progress.lastActivityMs < options.idleMs) return false;
  progress.idle = true;
  if (progress.maxEventMs !== null) progress.finalThroughMs = Math.max(progress.finalThroughMs, options.windows.assign(progress.maxEventMs).end);
  return true;
}

/**
 * The stream's final-through: the least F of its active partitions (idle ones hold nothing open);
 * when all are idle, the greatest F (every window with events is closed). Never below `previousMs`.
 * A partition not heard from at all holds everything open.
 */
export function streamFinalThrough(partitions: readonly { finalThroughMs: number; idle: boolean }[], partitionCount: number, previousMs = Number.NEGATIVE_INFINITY): number {
  if (partitions.length < partitionCount || partitionCount === 0) return previousMs;
  const active = partitions.filter((p) => !p.idle);
  const candidate = active.length > 0 ? Math.min(...active.map((p) => p.finalThroughMs)) : Math.max(...partitions.map((p) => p.finalThroughMs));
  return Math.max(previousMs, candidate);
}
