import { BIRTH_DATE, EMPLOYEE_KERNEL_SPEC } from "./kernel-entry.ts";

/** One line's place in the kernel's result: its group's key bytes and its salary in minor units. */
export interface LineKey {
  key: Uint8Array;
  /** The birth_date field's bytes within `key`. */
  date: Uint8Array;
  salaryUnits: number;
}

const encoder = new TextEncoder();
const SALARY = /^-?(\d+)(?:\.(\d{1,2}))?$/;

/**
 * The key bytes the kernel stored for line `text` (each key field's JSON source text, u32-length
 * prefixed, as the kernel lays out several key fields) and its salary, read with JSON.parse's
 * source-text access — or null when that reading is not certain to be the kernel's (a member whose
 * source does not parse to the value JSON.parse kept, e.g. a repeated name). Only for lines the
 * kernel accepted: they are valid JSON objects with every key field and a plain decimal salary.
 */
export function kernelLineKey(text: string): LineKey | null {
  const sources = new Map<object, Map<string, string>>();
  let root: unknown;
  try {
    root = JSON.parse(text, function (this: object, name: string, value: unknown, context?: { source?: string }) {
      if (context?.source !== undefined) {
        let members = sources.get(this);
        if (!members) sources.set(this, (members = new Map()));
        members.set(name, context.source);
      }
      return value;
    });
  } catch {
    return null;
  }
  if (typeof root !== "object" || root === null) return null;
  const members = sources.get(root);
  if (!members) return null;
  const parts: Uint8Array[] = [];
  let length = 0;
  for (const name of [...EMPLOYEE_KERNEL_SPEC.keys, EMPLOYEE_KERNEL_SPEC.sum]) {
    const source = members.get(name);
    if (source === undefined || !Object.is(JSON.parse(source), (root as Record<string, unknown>)[name])) return null;
    if (name === EMPLOYEE_KERNEL_SPEC.sum) break;
    const bytes = encoder.encode(source);
    parts.push(bytes);
    length += 4 + bytes.length;
  }
  const salary = SALARY.exec(members.get(EMPLOYEE_KERNEL_SPEC.sum)!);
  if (!salary) return null;
  const key = new Uint8Array(length);
  const view = new DataView(key.buffer);
  let at = 0;
  let date = key;
  for (const [i, p] of parts.entries()) {
    view.setUint32(at, p.length, true);
    key.set(p, at + 4);
    if (i === BIRTH_DATE) date = key.subarray(at + 4, at + 4 + p.length);
    at += 4 + p.length;
  }
  // -0 and -0.00 are zero to the kernel too; anything below zero the kernel refused.
  return { key, date, salaryUnits: Number(salary[1]!) * 100 + Number((salary[2] ?? "").padEnd(2, "0")) };
}
