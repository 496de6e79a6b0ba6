import * as C from "./constants.ts";
import { SpecError } from "./errors.ts";
import type { KernelExports } from "./kernel-exports.ts";

/** What a projected field holds (0: the object lacks it). */
export const FIELD_ABSENT = 0;
export const FIELD_STRING = C.PROJECT_KIND_STRING;
export const FIELD_NUMBER = C.PROJECT_KIND_NUMBER;
export const FIELD_TRUE = C.PROJECT_KIND_TRUE;
export const FIELD_FALSE = C.PROJECT_KIND_FALSE;
export const FIELD_NULL = C.PROJECT_KIND_NULL;

export interface JsonProjectorOptions {
  /** Keys whose presence in an object makes the projector give up (e.g. `__proto__`). */
  refuse?: readonly string[];
  /**
   * Give up when the text holds this many consecutive characters of `0-9 . e E +  -` anywhere (strings
   * included), as a caller whose exact-number reader is chosen by such a regex needs; 0 (default): never.
   */
  longRun?: number;
}

/** Longest text projected (UTF-8 bytes); longer ones make `project` give up. */
export const PROJECT_MAX_TEXT = C.PROJECT_MAX_TEXT;
/** Bytes after the text that the kernel may read: zeroed on every call. */
const PAD = 64;
const utf8 = new TextDecoder();
const encoder = new TextEncoder();

/**
 * Reads named members of every object of a JSON array in the kernel: one pass that validates the
 * whole text as strictly as JSON.parse and keeps only the wanted fields, without building anything
 * else. It answers only what it can answer exactly and otherwise gives up (`project` → -1), so the
 * caller keeps its own reader for the rest: invalid JSON, a top level that is not an array of objects,
 * more rows than asked, an escaped key, a refused key, a wanted key twice in one object, and a wanted
 * value that is a container, a string with an escape or a non-ASCII character, or a number with an
 * exponent or more than 15 digits (so every number it gives is the double JSON.parse gives).
 *
 * One instance of the kernel of its own; synchronous; the rows are valid until the next `project`.
 */
export class JsonProjector {
  /** The kernel's memory: string fields are byte ranges in it. */
  readonly bytes: Uint8Array;
  private readonly input: Uint8Array;
  private readonly words: Int32Array;
  private readonly doubles: Float64Array;
  private readonly fieldsAt: number;
  private readonly stride: number;
  private readonly short = new Map<number, string>();

  /** `fields` are the wanted keys, in the order of the field numbers the accessors take. */
  constructor(
    private readonly x: KernelExports,
    readonly fields: readonly string[],
    opts: JsonProjectorOptions = {},
  ) {
    const refuse = opts.refuse ?? [];
    const names = [...fields, ...refuse];
    if (fields.length === 0 || fields.length > C.PROJECT_MAX_FIELDS) throw new SpecError(`a projection wants 1 to ${C.PROJECT_MAX_FIELDS} fields, got ${fields.length}`);
    if (names.length > C.PROJECT_MAX_NAMES) throw new SpecError(`a projection names at most ${C.PROJECT_MAX_NAMES} keys, got ${names.length}`);
    if (new Set(names).size !== names.length) throw new SpecError("a projection names each key once");
    const longRun = opts.longRun ?? 0;
    if (!Number.isInteger(longRun) || longRun < 0 || longRun > 64) throw new SpecError(`longRun must be an integer from 0 to 64, got ${longRun}`);
    const buffer = x.memory.buffer;
    this.bytes = new Uint8Array(buffer);
    this.words = new Int32Array(buffer);
    this.doubles = new Float64Array(buffer);
    this.input = this.bytes.subarray(C.INPUT_BASE, C.INPUT_BASE + C.PROJECT_MAX_TEXT);
    const spec = C.PROJECT_SPEC >> 2;
    this.words[spec + C.PROJECT_FIELD_COUNT] = fields.length;
    this.words[spec + C.PROJECT_REFUSED_COUNT] = refuse.length;
    this.words[spec + C.PROJECT_LONG_RUN] = longRun;
    names.forEach((name, i) => {
      const at = C.PROJECT_NAMES + i * C.PROJECT_NAME_STRIDE;
      const encoded = encoder.encode(name);
      if (encoded.length === 0 || encoded.length > C.PROJECT_MAX_NAME) throw new SpecError(`a projected key has 1 to ${C.PROJECT_MAX_NAME} bytes, got ${JSON.stringify(name)}`);
      this.words[at >> 2] = encoded.length;
      this.bytes.set(encoded, at + 4);
    });
    x.projectInit();
    this.fieldsAt = x.projectFieldsAt();
    this.stride = fields.length * 16;
  }

  /**
   * Projects `text` (a JSON array of objects): the number of rows, or -1 when the projector gives up
   * (see the class) — the caller then reads the text another way, which decides whether it is valid.
   */
  project(text: string, maxRows: number): number {
    // At most 3 bytes a UTF-16 unit: a text that cannot fit is not tried.
    if (text.length > C.PROJECT_MAX_TEXT) return -1;
    const done = encoder.encodeInto(text, this.input);
    if (done.read !== text.length) return -1;
    this.bytes.fill(0, C.INPUT_BASE + done.written, C.INPUT_BASE + done.written + PAD);
    return this.x.projectArray(done.written, Math.min(maxRows, 0x7fffffff));
  }

  /** Bit f set when row `row` has field f. */
  presence(row: number): number {
    return this.words[(C.PROJECT_ROWS >> 2) + row]!;
  }

  /** FIELD_STRING, FIELD_NUMBER, FIELD_TRUE, FIELD_FALSE or FIELD_NULL (the row has the field). */
  kind(row: number, field: number): number {
    return this.words[this.wordsAt(row, field)]!;
  }

  /** A FIELD_NUMBER's value: the double JSON.parse gives. */
  number(row: number, field: number): number {
    return this.doubles[(this.wordsAt(row, field) + 2) >> 1]!;
  }

  /** Where a FIELD_STRING's bytes (between its quotes, ASCII, no escapes) start in `bytes`. */
  stringStart(row: number, field: number): number {
    return C.INPUT_BASE + this.words[this.wordsAt(row, field) + 1]! + 1;
  }

  /** How many bytes (characters) a FIELD_STRING has. */
  stringLength(row: number, field: number): number {
    const at = this.wordsAt(row, field);
    return this.words[at + 2]! - this.words[at + 1]! - 2;
  }

  /** A FIELD_STRING's value. Strings of up to 4 characters are kept and shared (categories, codes). */
  string(row: number, field: number): string {
    const start = this.stringStart(row, field);
    const end = start + this.stringLength(row, field);
    if (end - start > 4) return utf8.decode(this.bytes.subarray(start, end));
    let key = end - start;
    for (let i = start; i < end; i++) key = key * 256 + this.bytes[i]!;
    let value = this.short.get(key);
    if (value === undefined) {
      value = utf8.decode(this.bytes.subarray(start, end));
      if (this.short.size < 4096) this.short.set(key, value);
    }
    return value;
  }

  /**
   * The index in `words` of a row's field: 16 bytes — i32 kind, i32 start, then an f64 (a number's
   * value, at words + 2) or an i32 end (a string's closing quote, at words + 2).
   */
  private wordsAt(row: number, field: number): number {
    return (this.fieldsAt + row * this.stride + field * 16) >> 2;
  }
}
