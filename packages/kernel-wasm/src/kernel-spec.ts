/** Writes a normalized spec into the kernel's spec region (layout in constants.ts). */
import * as C from "./constants.ts";
import { SpecError } from "./errors.ts";
import type { NormalizedSpec } from "./spec.ts";

const encoder = new TextEncoder();

/**
 * `positions`: CSV columns of keys then sum (from the header); ignored for the other formats.
 * `lineBase`: physical line number of the first byte the kernel will see.
 */
export function writeSpec(memory: WebAssembly.Memory, spec: NormalizedSpec, positions: number[], lineBase: number): void {
  const words = new Int32Array(memory.buffer, C.SPEC_BASE, (C.SPEC_BYTES - C.SPEC_BASE) / 4);
  const bytes = new Uint8Array(memory.buffer, C.SPEC_BYTES, C.SPEC_BYTES_SIZE);
  const refs = [...spec.keys, ...(spec.sum === undefined ? [] : [spec.sum])];
  words[C.SPEC_FORMAT] = { csv: C.FORMAT_CSV, ndjson: C.FORMAT_NDJSON, log: C.FORMAT_LOG }[spec.format];
  words[C.SPEC_KEY_COUNT] = spec.keys.length;
  words[C.SPEC_HAS_SUM] = spec.sum === undefined ? 0 : 1;
  words[C.SPEC_SCALE] = spec.scale;
  words[C.SPEC_FIELDS] = spec.fields;
  words[C.SPEC_LINE_BASE] = lineBase;
  words[C.SPEC_REJECT_NEGATIVE] = spec.rejectNegative ? 1 : 0;
  words[C.SPEC_TYPED] = spec.typed ? 1 : 0;
  const suffix = encoder.encode(spec.suffix);
  bytes.set(suffix, 0);
  words[C.SPEC_SUFFIX_LEN] = suffix.length;
  let at = suffix.length;
  const fieldWord = (C.SPEC_FIELD_BASE - C.SPEC_BASE) / 4;
  refs.forEach((ref, i) => {
    const w = fieldWord + i * C.SPEC_FIELD_WORDS;
    if (spec.format === "ndjson") {
      const name = encoder.encode(ref as string);
      if (at + name.length > C.SPEC_BYTES_SIZE) throw new SpecError("field names too long");
      bytes.set(name, at);
      words[w] = 0;
      words[w + 1] = at;
      words[w + 2] = name.length;
      at += name.length;
    } else {
      words[w] = spec.format === "csv" ? positions[i]! : (ref as number);
      words[w + 1] = 0;
      words[w + 2] = 0;
    }
  });
}
