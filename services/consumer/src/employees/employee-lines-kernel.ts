import { isUtf8 } from "node:buffer";
import type { Kernel, RawGroups } from "@tally/kernel-wasm";
import { MAX_MINOR_UNITS } from "./minor-units.ts";
import { addLine, type AnalysedLines, type RefusedLine } from "./employee-lines.ts";
import { createStats, type EmployeeStats } from "./employee-stats.ts";
import { BIRTH_DATE, EMPLOYEE_KERNEL_SPEC, entryValues, type EntryValues } from "./kernel-entry.ts";
import { kernelLineKey } from "./kernel-line-key.ts";
import { LineIndex } from "./line-index.ts";
import { UnitsSum } from "./units-sum.ts";

/** One kernel group: where it is in the arena, its records and salary sum, its values (null: not for the kernel path). */
interface Entry {
  at: number;
  count: number;
  salary: number;
  values: EntryValues | null;
}

/** Most lines moved from kernel groups to the JS path before the whole message goes there instead. */
const MAX_MOVED = 256;

/**
 * analyseLines through the WASM kernel's NDJSON path: exactly the same figures and refused lines,
 * or null when this message is not for the kernel (then use analyseLines). The kernel groups the
 * plain records by every field the figures need (EMPLOYEE_KERNEL_SPEC); each group's key is checked
 * with readEmployee's rules. Lines the kernel refuses (missing optional fields, not JSON, a string
 * salary, …) and the records of groups readEmployee would refuse (empty gender, impossible date, …)
 * are read by the JS path, line by line, so their reasons are its reasons. Anything the two paths
 * could read differently makes it return null: exactness first, speed when it is safe.
 */
export function analyseLinesKernel(kernel: Pick<Kernel, "createAggregator">, bytes: Buffer): AnalysedLines | null {
  if (!forKernel(bytes)) return null;
  const agg = kernel.createAggregator(EMPLOYEE_KERNEL_SPEC, { rawGroups: true });
  let result;
  try {
    agg.push(bytes);
    result = agg.finish();
  } finally {
    agg.release?.();
  }
  const raw = result.raw;
  if (!raw || result.rejectedCount > result.rejections.length) return null;
  const entries = readEntries(raw);
  const jsLines = new Set(result.rejections.map((r) => r.line));
  const lines = new LineIndex(bytes);
  if (entries.some((e) => e.values === null)) {
    // A group per record (the usual case: birth dates vary) lets each be matched to its line.
    const moved = entries.every((e) => e.count === 1) ? moveByOrder(entries, lines, jsLines) : moveRefusedGroups(raw, entries, bytes, lines, jsLines);
    if (!moved) return null;
  }

  const stats = createStats();
  for (const e of entries) if (e.count > 0) addEntry(stats, e);
  const refused: RefusedLine[] = [];
  for (const line of [...jsLines].sort((a, b) => a - b)) addLine(stats, refused, line, lines.text(line));
  return { stats, refused };
}

/**
 * Whether the kernel reads this message as JSON.parse would, as far as the figures go: no BOM (the
 * kernel skips one, JSON.parse refuses it), valid UTF-8 (so keys decode the same), no `dob_` fields
 * (readEmployee reads them; the kernel pass does not) and no ASCII character written as a \u00XX
 * escape (which could spell a dob_ name).
 */
function forKernel(bytes: Buffer): boolean {
  if (bytes.length === 0 || (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) return false;
  if (bytes.includes("dob_") || !isUtf8(bytes)) return false;
  for (let i = bytes.indexOf("\\u00"); i >= 0; i = bytes.indexOf("\\u00", i + 1)) {
    const c = bytes[i + 4];
    if (c !== undefined && c >= 0x34 && c <= 0x37) return false;
  }
  return true;
}

function readEntries(raw: RawGroups): Entry[] {
  const entries: Entry[] = [];
  const at = new Int32Array(2 * raw.keyCount);
  for (let e = raw.first(); e >= 0; e = raw.next(e)) {
    raw.fields(e, at);
    const salary = raw.smallSum(e);
    // A group summing past the largest salary may hold one too large: the JS path decides.
    const values = salary >= 0 && salary <= MAX_MINOR_UNITS ? entryValues(raw.bytes, at) : null;
    entries.push({ at: e, count: raw.count(e), salary, values });
  }
  return entries;
}

/**
 * Moves the records of the groups readEmployee refuses to the JS path when every group holds one
 * record: groups are in first-seen order, so the i-th group is the i-th line the kernel counted —
 * neither blank to it (empty, or a lone CR) nor refused.
 */
function moveByOrder(entries: Entry[], lines: LineIndex, jsLines: Set<number>): boolean {
  let i = 0;
  for (let line = 1; line <= lines.count() && i < entries.length; line++) {
    if (jsLines.has(line) || lines.kernelBlank(line)) continue;
    const entry = entries[i++]!;
    if (entry.values !== null) continue;
    entry.count = 0;
    jsLines.add(line);
  }
  return i === entries.length;
}

/**
 * Moves every record of the groups readEmployee refuses to the JS path: their lines are found by the
 * group's birth_date text (a superset: other lines may share it), and each line found that the kernel
 * counted is taken out of its own group. False when that cannot be done exactly.
 */
function moveRefusedGroups(raw: RawGroups, entries: Entry[], bytes: Buffer, lines: LineIndex, jsLines: Set<number>): boolean {
  const at = new Int32Array(2 * raw.keyCount);
  const found = new Set<number>();
  for (const entry of entries) {
    if (entry.values !== null) continue;
    raw.fields(entry.at, at);
    const date = raw.bytes.subarray(at[2 * BIRTH_DATE]!, at[2 * BIRTH_DATE + 1]!);
    for (let i = bytes.indexOf(date); i >= 0; i = bytes.indexOf(date, i + 1)) found.add(lines.lineAt(i));
    if (found.size > MAX_MOVED) return false;
  }
  // Groups by a hash of their birth_date bytes, to find a line's group without comparing every key.
  const byDate = new Map<number, Entry[]>();
  for (const e of entries) {
    raw.fields(e.at, at);
    const h = hash(raw.bytes, at[2 * BIRTH_DATE]!, at[2 * BIRTH_DATE + 1]!);
    const list = byDate.get(h);
    if (list) list.push(e);
    else byDate.set(h, [e]);
  }
  for (const line of found) {
    if (jsLines.has(line)) continue;
    const key = kernelLineKey(lines.text(line));
    const entry = key && byDate.get(hash(key.date, 0, key.date.length))?.find((e) => e.count > 0 && sameKey(raw, e.at, key.key));
    if (!key || !entry) return false;
    entry.count--;
    entry.salary -= key.salaryUnits;
    jsLines.add(line);
  }
  return entries.every((e) => (e.values === null ? e.count === 0 : e.count > 0 ? e.salary >= 0 : e.salary === 0));
}

/** FNV-1a over bytes[from, to). */
function hash(bytes: Uint8Array, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

function sameKey(raw: RawGroups, e: number, key: Uint8Array): boolean {
  const stored = raw.key(e);
  if (stored.length !== key.length) return false;
  for (let i = 0; i < key.length; i++) if (stored[i] !== key[i]) return false;
  return true;
}

/** Adds a group's records, all alike but for their salaries (summed by the kernel). */
function addEntry(s: EmployeeStats, e: Entry): void {
  const v = e.values!;
  s.count += e.count;
  s.salary.add(e.salary);
  let g = s.byGender.get(v.gender);
  if (g === undefined) s.byGender.set(v.gender, (g = { count: 0, salary: new UnitsSum() }));
  g.count += e.count;
  g.salary.add(e.salary);
  s.byMonth[v.birthMonth]! += e.count;
  if (s.ageMin === undefined || v.age < s.ageMin) s.ageMin = v.age;
  if (s.ageMax === undefined || v.age > s.ageMax) s.ageMax = v.age;
  if (v.manager) s.managers += e.count;
  s.experienceCount += e.count;
  // Each record's units are ≤ MAX_MINOR_UNITS, as UnitsSum.add wants: add them one by one.
  for (let i = 0; i < e.count; i++) s.experience.add(v.experienceUnits);
}
