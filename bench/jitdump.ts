/**
 * Reading JavaScriptCore's JITDump files (Bun with BUN_JSC_useJITDump=1: the perf "jitdump" format)
 * and putting perf's sampled instruction addresses onto the code they fall in — which is how
 * bench/jit-profile.ts sees inside the kernel's WebAssembly functions, instruction by instruction.
 */

/** One JIT_CODE_LOAD record: a piece of generated code, its address and its bytes. */
export interface JitCode {
  name: string;
  address: bigint;
  size: number;
  code: Uint8Array;
}

const JIT_CODE_LOAD = 0;
const MAGIC = 0x4a695444; // "JiTD" as written by a little-endian machine

/** The code records of a JITDump file (other record kinds are skipped); throws on a file that is not one. */
export function parseJitDump(bytes: Uint8Array): JitCode[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 40 || view.getUint32(0, true) !== MAGIC) throw new Error("not a JITDump file (bad magic)");
  const out: JitCode[] = [];
  let at = view.getUint32(8, true); // header size
  while (at + 16 <= bytes.length) {
    const id = view.getUint32(at, true);
    const total = view.getUint32(at + 4, true);
    if (total < 16 || at + total > bytes.length) break; // a record cut short: the writer was killed
    if (id === JIT_CODE_LOAD) {
      // pid u32, tid u32, vma u64, code_addr u64, code_size u64, code_index u64, name\0, code bytes
      const address = view.getBigUint64(at + 16 + 16, true);
      const size = Number(view.getBigUint64(at + 16 + 24, true));
      const nameStart = at + 16 + 40;
      const nameEnd = bytes.indexOf(0, nameStart);
      const name = new TextDecoder().decode(bytes.subarray(nameStart, nameEnd));
      out.push({ name, address, size, code: bytes.subarray(nameEnd + 1, nameEnd + 1 + size) });
    }
    at += total;
  }
  return out;
}

/** JSC names a function "tier: name#hash"; copies of one function (instances, threads) share the part before '#'. */
export function functionName(code: JitCode): string {
  const hash = code.name.lastIndexOf("#");
  return hash > 0 ? code.name.slice(0, hash) : code.name;
}

export interface Attribution {
  total: number;
  /** Samples per function name (copies merged); "(not JIT)" for the rest. */
  byFunction: Map<string, number>;
  /** Samples per function name and offset into its code. */
  byOffset: Map<string, Map<number, number>>;
}

/** Counts `ips` (sampled instruction addresses) by the JIT code each falls in. */
export function attribute(codes: readonly JitCode[], ips: readonly bigint[]): Attribution {
  const sorted = [...codes].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const byFunction = new Map<string, number>();
  const byOffset = new Map<string, Map<number, number>>();
  for (const ip of ips) {
    let lo = 0;
    let hi = sorted.length - 1;
    let hit: JitCode | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = sorted[mid]!;
      if (ip < c.address) hi = mid - 1;
      else if (ip >= c.address + BigInt(c.size)) lo = mid + 1;
      else {
        hit = c;
        break;
      }
    }
    const name = hit ? functionName(hit) : "(not JIT)";
    byFunction.set(name, (byFunction.get(name) ?? 0) + 1);
    if (hit) {
      const offsets = byOffset.get(name) ?? new Map<number, number>();
      const o = Number(ip - hit.address);
      offsets.set(o, (offsets.get(o) ?? 0) + 1);
      byOffset.set(name, offsets);
    }
  }
  return { total: ips.length, byFunction, byOffset };
}
