import type { WindowFn } from "./fixed-windows.ts";

/**
 * How far one partition of a stream has come in event time, persisted so another consumer (or this
 * one after a restart) resumes exactly where it was.
 *
 * - `watermarkMs` = highest event time seen − allowed lateness;
 * - `finalThroughMs` (F): every window ending at or before it is final for this partition. It only
 *   grows: with the watermark, and after `idleMs` without events on the partition up to the wall
 *   clock − allowed lateness (so a quiet partition never holds the stream's windows back);
 * - an event whose window ends at or before F is late: counted as late, never added.
 * A window is final for the whole stream when every partition's F passed its end (`streamFinalThrough`).
 */
export interface PartitionProgress {
  /** Highest event time seen; null before the first event. */
  maxEventMs: number | null;
  finalThroughMs: number;
  /** Offset after the last message this progress covers (the next to read). */
  nextOffset: bigint;
  /** Wall-clock time of the last event (or of the start, before any), for the idle flush. */
  lastActivityMs: number;
}

export interface EventTimeOptions {
  windows: WindowFn;
  allowedLatenessMs: number;
  idleMs: number;
}

/** A partition that has seen nothing yet: it holds every window open until it sees events or goes idle. */
export function freshProgress(nowMs: number, nextOffset = 0n): PartitionProgress {
  return { maxEventMs: null, finalThroughMs: Number.NEGATIVE_INFINITY, nextOffset, lastActivityMs: nowMs };
}

/** True when an event at `eventMs` belongs to a window already final for this partition. */
export function isLate(progress: PartitionProgress, eventMs: number, options: EventTimeOptions): boolean {
  return options.windows.assign(eventMs).end <= progress.finalThroughMs;
}

/** Advances progress past one on-time or late event (late events still move nothing backwards). */
export function observeEvent(progress: PartitionProgress, eventMs: number, options: EventTimeOptions): void {
  if (progress.maxEventMs === null || eventMs > progress.maxEventMs) progress.maxEventMs = eventMs;
  const watermark = progress.maxEventMs - options.allowedLatenessMs;
  if (watermark > progress.finalThroughMs) progress.finalThroughMs = watermark;
}

/**
 * The idle flush: after `idleMs` without events, the partition declares everything up to the wall
 * clock − allowed lateness final (its open windows included). Returns whether F moved.
 */
export function flushIfIdle(progress: PartitionProgress, nowMs: number, options: EventTimeOptions): boolean {
  if (nowMs - progress.lastActivityMs < options.idleMs) return false;
  const through = Math.max(nowMs - options.allowedLatenessMs, progress.maxEventMs === null ? Number.NEGATIVE_INFINITY : options.windows.assign(progress.maxEventMs).end);
  if (through <= progress.finalThroughMs) return false;
  progress.finalThroughMs = through;
  return true;
}

/**
 * The stream's F: the least of its partitions' (a partition with no progress yet holds everything
 * open). Windows ending at or before it are final everywhere, and stay so.
 */
export function streamFinalThrough(partitions: readonly { finalThroughMs: number }[], partitionCount: number): number {
  if (partitions.length < partitionCount || partitionCount === 0) return Number.NEGATIVE_INFINITY;
  return Math.min(...partitions.map((p) => p.finalThroughMs));
}
