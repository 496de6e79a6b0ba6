/**
 * Constants shared by the AssemblyScript kernel (assembly/) and the TypeScript side (src/).
 * This file must stay valid AssemblyScript: plain `export const NAME = <integer expression>;` only.
 * Addresses are absolute byte offsets in the kernel's linear memory.
 */

// ---- Limits ----------------------------------------------------------------------------------
/** Longest record kept (bytes from record start to its terminating LF, CR included). Longer → rejected. */
export const MAX_RECORD = 1048576;
/** Largest slice JS copies into the input region per call; bigger chunks are fed in slices. */
export const MAX_CHUNK = 4194304;
/** Rejections stored with line and reason; all are counted. */
export const REJECT_CAP = 10000;
/** Key fields per spec. */
export const MAX_KEYS = 32;
/** Largest `scale` (10^18 still fits an i64). */
export const MAX_SCALE = 18;
/** Hash-table slots at most (power of two, 4 bytes each); the table starts small and grows 4× (at most to this) at half load. */
export const TABLE_SLOTS = 2097152;
/** Distinct groups held before the kernel asks JS to drain the table (keeps load under ~60%). */
export const TABLE_FLUSH_AT = 600000;

// ---- Formats (spec word FORMAT) ---------------------------------------------------------------
export const FORMAT_CSV = 0;
export const FORMAT_NDJSON = 1;
export const FORMAT_LOG = 2;

// ---- Status codes returned by push / resume / finish -----------------------------------------
export const STATUS_OK = 0;
/** The group table is full: JS drains it (read groups, reset_table) and calls resume(). */
export const STATUS_FULL = 1;
/** push() was given bytes outside the input region (a JS-side bug). */
export const STATUS_BAD_CALL = 2;
/** Why joinRows stopped (joinStop()): its output piece is full; it needs the next piece of the other part's entries; every row is written. */
export const JOIN_FULL = 0;
export const JOIN_MORE = 1;
export const JOIN_DONE = 2;

// ---- Rejection reason codes (text in src/reasons.ts) -----------------------------------------
export const REASON_TOO_LONG = 1;
export const REASON_BAD_QUOTE = 2;
export const REASON_UNTERMINATED_QUOTE = 3;
export const REASON_MISSING_COLUMN = 4;
export const REASON_BAD_JSON = 5;
export const REASON_MISSING_KEY = 6;
export const REASON_BAD_KEY = 7;
export const REASON_MISSING_SUM = 8;
export const REASON_BAD_DECIMAL = 9;
export const REASON_TOO_PRECISE = 10;
export const REASON_OUT_OF_RANGE = 11;
export const REASON_FIELD_COUNT = 12;
export const REASON_MISSING_SUFFIX = 13;
export const REASON_NEGATIVE = 14;

// ---- Memory layout ---------------------------------------------------------------------------
export const PAGE = 65536;
/** Everything below belongs to the AssemblyScript runtime (static data; the stub runtime never allocates). */
export const LAYOUT_BASE = 65536;

/** Spec written by JS before init(): i32 words, then per-field entries, then name/suffix bytes. */
export const SPEC_BASE = LAYOUT_BASE;
export const SPEC_FORMAT = 0;
export const SPEC_KEY_COUNT = 1;
export const SPEC_HAS_SUM = 2;
export const SPEC_SCALE = 3;
/** log: required field count, or -1 for "at least enough". */
export const SPEC_FIELDS = 4;
export const SPEC_SUFFIX_LEN = 5;
/** Physical line number of the first byte fed to the kernel (CSV: the line after the header). */
export const SPEC_LINE_BASE = 6;
/** 1: a sum value below zero rejects its record (REASON_NEGATIVE); 0: it is summed. */
export const SPEC_REJECT_NEGATIVE = 7;
/** 1 (ndjson): keys are the values' JSON source text (strings keep quotes and escapes); a string sum is REASON_BAD_DECIMAL. */
export const SPEC_TYPED = 8;
/** Per needed field (keys in order, then the sum): 3 i32 words = position, name offset, name length. */
export const SPEC_FIELD_BASE = SPEC_BASE + 64;
export const SPEC_FIELD_WORDS = 3;
/** Suffix bytes, then name bytes (name offsets are relative to SPEC_BYTES). */
export const SPEC_BYTES = SPEC_BASE + 1024;
export const SPEC_BYTES_SIZE = 64512;

/** Rejections: i64 line, i32 reason, i32 pad. */
export const REJECT_BASE = SPEC_BASE + 65536;
export const REJECT_ENTRY = 16;

/** Per-record field spans found by the parsers, 16 bytes each (CSV/log: by column; NDJSON: by needed field). */
export const FIELDS_BASE = REJECT_BASE + 196608;
/** Highest CSV column / log position a spec may name (span table size). */
export const MAX_COLUMN = 16383;
/** Container stack for JSON validation: one byte per nesting level. */
export const STACK_BASE = FIELDS_BASE + 262144;
/** Composite keys and unescaped values are built here. */
export const SCRATCH_BASE = STACK_BASE + MAX_RECORD;
export const SCRATCH_SIZE = 2 * MAX_RECORD + 65536;
/** Where sum values and JSON names are unescaped (keys take the first MAX_RECORD + 4 * MAX_KEYS bytes). */
export const SCRATCH_VALUE = SCRATCH_BASE + MAX_RECORD + 4096;
/** Input: the carried tail of an unfinished record, then the new chunk, then padding for wide loads. */
export const INPUT_BASE = SCRATCH_BASE + SCRATCH_SIZE;
export const INPUT_PAD = 65536;
export const INPUT_SIZE = MAX_RECORD + MAX_CHUNK + INPUT_PAD;
/**
 * Key-range exchange between two parts (assembly/route.ts, src/part-exchange.ts): the split key's
 * bytes (at most ROUTE_SPLIT_MAX); the outbox of records whose keys belong to the other part; the
 * inbox, where JS copies what the other part sent; the stage of this part's own records. Their
 * records: u32 key length, u32 pad, i64 units, then the key bytes padded to a multiple of 8 (at least 8).
 */
export const ROUTE_SPLIT = INPUT_BASE + INPUT_SIZE;
export const ROUTE_SPLIT_MAX = 256;
export const OUTBOX_BASE = ROUTE_SPLIT + 65536;
export const OUTBOX_SIZE = 65536;
export const INBOX_BASE = OUTBOX_BASE + OUTBOX_SIZE;
export const STAGE_BASE = INBOX_BASE + OUTBOX_SIZE;
export const STAGE_SIZE = 32768;
/** Hash slots: u32 each = hash top byte << 24 | 1 + (entry address - ARENA_BASE) / 8; 0 = empty. */
export const SLOTS_BASE = STAGE_BASE + STAGE_SIZE;
/** Group entries, bump-allocated; the memory grows as the arena does. */
export const ARENA_BASE = SLOTS_BASE + TABLE_SLOTS * 4;
/**
 * Entry: u32 hash, u32 key length, i64 count, u64 sum low, i64 sum high, then key bytes (8-aligned).
 * Key bytes: with one key field, the value itself; with several, each value as u32 length + bytes.
 */
export const ENTRY_HASH = 0;
export const ENTRY_KEY_LEN = 4;
export const ENTRY_COUNT = 8;
export const ENTRY_SUM_LO = 16;
export const ENTRY_SUM_HI = 24;
export const ENTRY_KEY = 32;
export const INITIAL_PAGES = ARENA_BASE / PAGE + 16;

// ---- JSON projection (assembly/json-project.ts): an instance of its own, no aggregation ----------
/** Spec: i32 field count, i32 refused-key count, i32 long-run length, then the names (see json-projector.ts). */
export const PROJECT_SPEC = SPEC_BASE;
export const PROJECT_FIELD_COUNT = 0;
export const PROJECT_REFUSED_COUNT = 1;
export const PROJECT_LONG_RUN = 2;
/** Name entries from here: i32 length, then the bytes, padded to PROJECT_NAME_STRIDE. */
export const PROJECT_NAMES = SPEC_BASE + 64;
export const PROJECT_NAME_STRIDE = 72;
/** Longest wanted or refused name. */
export const PROJECT_MAX_NAME = 64;
/** Wanted plus refused names. */
export const PROJECT_MAX_NAMES = 32;
/** Wanted fields at most (a row's presence bits are one u32). */
export const PROJECT_MAX_FIELDS = 32;
/** The text, as UTF-8, from INPUT_BASE; at most this many bytes (the rest of the region is padding). */
export const PROJECT_MAX_TEXT = MAX_RECORD + MAX_CHUNK;
/** Rows: a u32 of presence bits per row from PROJECT_ROWS, then per row and field 16 bytes (below). */
export const PROJECT_ROWS = SLOTS_BASE;
export const PROJECT_ROWS_END = ARENA_BASE;
/** A field's 16 bytes: i32 kind, i32 start, then f64 value (number) or i32 end (string: the bytes between the quotes). */
export const PROJECT_KIND_STRING = 1;
export const PROJECT_KIND_NUMBER = 2;
export const PROJECT_KIND_TRUE = 3;
export const PROJECT_KIND_FALSE = 4;
export const PROJECT_KIND_NULL = 5;
/** 64 MiB: the kernel's whole memory budget. */
export const MAX_PAGES = 1024;
