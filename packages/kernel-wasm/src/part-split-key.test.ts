import { describe, expect, test } from "bun:test";
import { sampleSplitKey } from "./part-split-key.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null) => (b ? new TextDecoder().decode(b) : null);
/** `n` rows `s,1,<key(i)>` and a cut last line, as a window read from a file. */
const rows = (n: number, key: (i: number) => string) => enc(Array.from({ length: n }, (_, i) => `s,1,${key(i)}\n`).join("") + "s,1,cut-of");

describe("sampleSplitKey", () => {
  test("many distinct keys: the median key of both samples (byte order), read from the key column", () => {
    const got = text(sampleSplitKey([rows(800, (i) => `c${1000 + i}`), rows(800, (i) => `c${5000 + i}`)], 2));
    // 1600 keys c1000..c1799 and c5000..c5799: the 800th in byte order.
    expect(got).toBe("c5000");
  });

  test("few distinct keys, or too few records: no exchange", () => {
    expect(sampleSplitKey([rows(5000, (i) => `c${i % 500}`)], 2)).toBeNull();
    expect(sampleSplitKey([rows(900, (i) => `c${i}`)], 2)).toBeNull();
  });

  test("records with a quote are not read; a key with a byte >= 0x80 declines; CRLF and short records are read right", () => {
    const quoted = enc(Array.from({ length: 3000 }, (_, i) => `s,1,"q${i}"\n`).join(""));
    expect(sampleSplitKey([quoted], 2)).toBeNull();
    expect(sampleSplitKey([rows(3000, (i) => (i === 7 ? "zé" : `k${i}`))], 2)).toBeNull();
    const crlf = enc(Array.from({ length: 3000 }, (_, i) => (i % 10 === 0 ? "short\r\n" : `s,1,k${i}\r\n`)).join(""));
    const got = text(sampleSplitKey([crlf], 2));
    expect(got).toMatch(/^k\d+$/);
  });

  test("the key from any column; a quote anywhere in a record skips it; an empty key counts", () => {
    // Key first, a quoted field after it in every third record: those are not read, the rest are.
    const mixed = enc(Array.from({ length: 2400 }, (_, i) => (i % 3 === 0 ? `q${i},"x,y"\r\n` : `k${String(i).padStart(5, "0")},1\r\n`)).join(""));
    const got = text(sampleSplitKey([mixed], 0));
    // 1600 keys k00001..k02399 (not multiples of 3), all within the sample's 32 KiB: the 800th in byte order.
    const keys = Array.from({ length: 2400 }, (_, i) => i).filter((i) => i % 3 !== 0).map((i) => `k${String(i).padStart(5, "0")}`);
    expect(got).toBe(keys.sort()[800]!);
    // An empty key is a key like another (it sorts first).
    const empties = enc(Array.from({ length: 3000 }, (_, i) => `s,1,${i === 0 ? "" : `k${i}`}\n`).join(""));
    expect(text(sampleSplitKey([empties], 2))).toMatch(/^k\d+$/);
  });
});
