import type { Rejection } from "./types.ts";

/** What a part hands to mergeParts (structured-clonable; `arenas` can be transferred). */
export interface PartResult {
  /** Copies of the kernel's group arena, one per drain, in order (entry layout in constants.ts). */
  arenas: Uint8Array[];
  records: number;
  rejectedCount: number;
  /** The part's first REJECT_CAP rejections; lines count from 1 at the part's first byte. */
  rejections: Rejection[];
  /** Physical lines consumed (LFs before the end of the last complete record). */
  lines: number;
  /** Bytes of an unfinished record at the end (not counted): 0 when the part ended at a record boundary. */
  tail: number;
  /** The part ended inside an over-long record being skipped (so not at a record boundary either). */
  skipping: boolean;
  /**
   * end(eof, true) kept the last table in the instance instead of copying it into `arenas`
   * (mergeParts then merges the other parts into it: no copy, no re-insert of this part's groups).
   */
  kept?: boolean;
}
