/** The JITDump reader and the sample attribution behind bench/jit-profile.ts, on a dump built here. */
import { describe, expect, test } from "bun:test";
import { attribute, functionName, parseJitDump } from "./jitdump.ts";

/** A JITDump with the header and one JIT_CODE_LOAD record per [name, address, code bytes], plus one record of another kind. */
function dump(codes: [string, bigint, number[]][]): Uint8Array {
  const parts: Uint8Array[] = [];
  const header = new DataView(new ArrayBuffer(40));
  header.setUint32(0, 0x4a695444, true);
  header.setUint32(4, 1, true);
  header.setUint32(8, 40, true);
  parts.push(new Uint8Array(header.buffer));
  const other = new DataView(new ArrayBuffer(24));
  other.setUint32(0, 2, true); // JIT_CODE_MOVE-like: skipped
  other.setUint32(4, 24, true);
  parts.push(new Uint8Array(other.buffer));
  for (const [name, address, code] of codes) {
    const nameBytes = new TextEncoder().encode(name + "\0");
    const size = 16 + 40 + nameBytes.length + code.length;
    const rec = new DataView(new ArrayBuffer(size));
    rec.setUint32(0, 0, true);
    rec.setUint32(4, size, true);
    rec.setBigUint64(16 + 16, address, true);
    rec.setBigUint64(16 + 24, BigInt(code.length), true);
    const bytes = new Uint8Array(rec.buffer);
    bytes.set(nameBytes, 56);
    bytes.set(code, 56 + nameBytes.length);
    parts.push(bytes);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("parseJitDump", () => {
  test("reads each code record's name, address, size and bytes, skipping other records", () => {
    const codes = parseJitDump(dump([["JSC-WasmOMG: .wasm-function[48]#AbC", 0x1000n, [0x90, 0xc3]], ["JSC-DFG: feed#x", 0x2000n, [0xc3]]]));
    expect(codes.map((c) => [c.name, c.address, c.size, [...c.code]])).toEqual([
      ["JSC-WasmOMG: .wasm-function[48]#AbC", 0x1000n, 2, [0x90, 0xc3]],
      ["JSC-DFG: feed#x", 0x2000n, 1, [0xc3]],
    ]);
    expect(functionName(codes[0]!)).toBe("JSC-WasmOMG: .wasm-function[48]");
  });

  test("refuses a file that is not a JITDump", () => {
    expect(() => parseJitDump(new Uint8Array(64))).toThrow("not a JITDump");
  });
});

describe("attribute", () => {
  test("samples land on the code holding them, copies of one function merged, the rest 'not JIT'", () => {
    const codes = parseJitDump(dump([["f#one", 0x1000n, [1, 2, 3, 4]], ["f#two", 0x5000n, [1, 2, 3, 4]], ["g#x", 0x3000n, [1, 2]]]));
    const a = attribute(codes, [0x1000n, 0x1003n, 0x5003n, 0x3001n, 0x1004n, 0x9999n]);
    expect(a.total).toBe(6);
    expect(Object.fromEntries(a.byFunction)).toEqual({ f: 3, g: 1, "(not JIT)": 2 });
    expect(Object.fromEntries(a.byOffset.get("f")!)).toEqual({ 0: 1, 3: 2 });
  });
});
