// The memory layout of src/constants.ts as usize addresses (the shared file can only hold untyped,
// hence i32, constants).
import * as C from "../src/constants";

export const SPEC_BASE: usize = <usize>C.SPEC_BASE;
export const SPEC_FIELD_BASE: usize = <usize>C.SPEC_FIELD_BASE;
export const SPEC_BYTES: usize = <usize>C.SPEC_BYTES;
export const REJECT_BASE: usize = <usize>C.REJECT_BASE;
export const REJECT_ENTRY: usize = <usize>C.REJECT_ENTRY;
export const FIELDS_BASE: usize = <usize>C.FIELDS_BASE;
export const STACK_BASE: usize = <usize>C.STACK_BASE;
export const SCRATCH_BASE: usize = <usize>C.SCRATCH_BASE;
export const SCRATCH_VALUE: usize = <usize>C.SCRATCH_VALUE;
export const INPUT_BASE: usize = <usize>C.INPUT_BASE;
export const INPUT_END: usize = <usize>(C.INPUT_BASE + C.MAX_RECORD + C.MAX_CHUNK);
export const SLOTS_BASE: usize = <usize>C.SLOTS_BASE;
export const ARENA_BASE: usize = <usize>C.ARENA_BASE;
export const PAGE: usize = <usize>C.PAGE;
export const MAX_RECORD: usize = <usize>C.MAX_RECORD;
/**
 * Slot addresses of a batch of keys, for the touch-ahead passes (csv-indexed.ts, merge.ts): in the JSON
 * container stack, which neither the CSV path nor a merge uses, past the CSV index (commas, then LFs).
 */
export const TOUCH_SLOTS: usize = STACK_BASE + 131072;
