/** The raw exports of a kernel instance (see assembly/index.ts). */
export interface KernelExports {
  memory: WebAssembly.Memory;
  init(): number;
  inputPtr(): number;
  inputRoom(): number;
  push(ptr: number, len: number): number;
  resume(): number;
  finish(): number;
  reset(): void;
  groupCount(): number;
  arenaStart(): number;
  arenaEnd(): number;
  recordCount(): number;
  rejectedCount(): number;
  rejectionsStored(): number;
  nextLine(): number;
  simd(): number;
  skippingRecord(): number;
  mergeEntries(from: number, to: number): number;
  sortGroups(): number;
  renderRows(order: number, from: number, n: number, format: number, withSum: number, scale: number): number;
  renderedStart(): number;
  renderedEnd(): number;
  projectInit(): number;
  projectArray(len: number, maxRows: number): number;
  projectFieldsAt(): number;
  // Optional (kernels built before they existed lack them): the sorted join of two parts (join.ts).
  keyTraits?(): number;
  gatherStart?(order: number, n: number): number;
  gatherSorted?(order: number, from: number, to: number, dst: number): number;
  gatherKept?(order: number, n: number): number;
  joinRows?(order: number, from: number, n: number, b: number, bEnd: number, bFinal: number, bLongest: number, format: number, withSum: number, scale: number): number;
  joinedB?(): number;
  joinedRows?(): number;
  joinStop?(): number;
  // Optional: the key-range exchange between two parts (route.ts).
  setRoute?(side: number, splitLen: number): number;
  outboxUsed?(): number;
  outboxTaken?(): void;
  outboxWasFull?(): number;
  ingest?(from: number, to: number): number;
  renderRowsAt?(order: number, from: number, n: number, format: number, withSum: number, scale: number, start: number): number;
}

const REQUIRED: (keyof KernelExports)[] = [
  "memory", "init", "inputPtr", "inputRoom", "push", "resume", "finish", "reset", "groupCount",
  "arenaStart", "arenaEnd", "recordCount", "rejectedCount", "rejectionsStored", "nextLine", "simd",
  "skippingRecord", "mergeEntries", "sortGroups", "renderRows", "renderedStart", "renderedEnd", "projectInit", "projectArray", "projectFieldsAt",
];

/** Names of required exports missing from a compiled module (empty when it is a Tally kernel). */
export function missingExports(module: WebAssembly.Module): string[] {
  const have = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
  return REQUIRED.filter((n) => !have.has(n));
}
