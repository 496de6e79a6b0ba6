import { ConnectionError } from "@tally/pipeline";

/**
 * A partition's stored progress was moved by another member since this one read it (the group
 * reassigned the partition). Retriable: nothing is committed, and whoever owns the partition now
 * redoes the batch from its stored progress.
 */
export class PartitionMovedError extends ConnectionError {
  constructor(partition: number) {
    super(`partition ${partition} was moved by another consumer; not committing`);
    this.name = "PartitionMovedError";
  }
}
