import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { findKind, generateRecords } from "@tally/generate";
import { loadKernelFromDisk } from "@tally/kernel-wasm/disk";
import { analyseMessage, KERNEL_MIN_BYTES } from "./analyse-message.ts";
import { analyseLines } from "./employee-lines.ts";
import { analyseLinesKernel } from "./employee-lines-kernel.ts";
import { comparableLines as comparable } from "./comparable-lines.ts";

const kernel = await loadKernelFromDisk();
const SEED = resolve(import.meta.dir, "../../../../test/fixtures/seed-data/water_master_microservices");
const read = (name: string) => readFileSync(resolve(SEED, name));
const generated = (count: number) => [...generateRecords(findKind("employees")!, { count, seed: 5, start: 1_738_990_800 })].map((r) => r.value).join("\n");

describe("the employees kernel path", () => {
  test("emp_data.json (spaces after colons, no dob_ fields) and 1,000 generated records, 2 % dirty: the JS path's result", () => {
    for (const bytes of [read("emp_data.json"), Buffer.from(generated(1000))]) {
      const viaKernel = analyseLinesKernel(kernel, bytes);
      expect(viaKernel).not.toBeNull();
      expect(comparable(viaKernel!)).toEqual(comparable(analyseLines(bytes.toString())));
    }
    expect(analyseLinesKernel(kernel, Buffer.from(generated(1000)))!.refused.map((r) => r.reason)).toContain("gender is empty");
  });

  test("messages it leaves to the JS path: dob_ fields (json_topic.json), a BOM, invalid UTF-8, an escaped ASCII character, empty", () => {
    const line = '{"gender":"M","salary":1,"birth_date":"1990-01-01","age":30,"years_of_experience":1,"is_manager":false}';
    expect(analyseLinesKernel(kernel, read("json_topic.json"))).toBeNull();
    expect(analyseLinesKernel(kernel, Buffer.from("\uFEFF" + line))).toBeNull();
    expect(analyseLinesKernel(kernel, Buffer.concat([Buffer.from(line), Buffer.from([0x0a, 0xff])]))).toBeNull();
    expect(analyseLinesKernel(kernel, Buffer.from(line.replace('"age"', '"\\u0061ge"')))).toBeNull();
    expect(analyseLinesKernel(kernel, Buffer.alloc(0))).toBeNull();
    expect(analyseLinesKernel(kernel, Buffer.from(line))).not.toBeNull();
  });

  test("analyseMessage: the kernel from KERNEL_MIN_BYTES on, the same result either side of it", () => {
    const big = Buffer.from(generated(40));
    expect(big.length).toBeGreaterThanOrEqual(KERNEL_MIN_BYTES);
    const small = Buffer.from(generated(2));
    expect(small.length).toBeLessThan(KERNEL_MIN_BYTES);
    for (const m of [big, small]) expect(comparable(analyseMessage(kernel, m))).toEqual(comparable(analyseLines(m.toString())));
    expect(comparable(analyseMessage(kernel, null))).toEqual(comparable(analyseLines("")));
  });
});
