import { describe, expect, test } from "bun:test";
import { AggregatorStateError, HeaderError, KernelTrapError, SpecError, UnknownColumnError } from "@tally/kernel-wasm";
import { asPoison, ConnectionError, InputError, PipelineError, PoisonError, UnsafePathError } from "./errors.ts";
import { kernelAggregate } from "./transforms/kernel-aggregate.ts";

describe("asPoison: the one classification of what to dead-letter", () => {
  test("input problems are poison, with a kind", () => {
    expect(asPoison(new PoisonError("empty", "names no file"))).toEqual({ kind: "empty", reason: "names no file" });
    expect(asPoison(new UnsafePathError("path may not contain '..'"))?.kind).toBe("unsafe_path");
    expect(asPoison(new InputError("no such file: x"))?.kind).toBe("unreadable");
    expect(asPoison(Object.assign(new Error("EACCES: permission denied"), { code: "EACCES" }))?.kind).toBe("unreadable");
    expect(asPoison(new UnknownColumnError(["cost"], ["price"]))).toMatchObject({ kind: "bad_format", reason: expect.stringContaining("UNKNOWN_COLUMN") });
    expect(asPoison(new HeaderError("header record too long"))?.kind).toBe("bad_format");
    expect(asPoison(new KernelTrapError("unreachable"))?.kind).toBe("kernel_trap");
    expect(asPoison(new PipelineError("cassandra write failed: InvalidRequest"))?.kind).toBe("permanent_failure");
  });

  test("outages, unknown failures and our own bugs are retried, never dead-lettered", () => {
    expect(asPoison(new ConnectionError("cassandra unavailable"))).toBeNull();
    expect(asPoison(new Error("socket hang up"))).toBeNull();
    expect(asPoison(Object.assign(new Error("EIO"), { code: "EIO" }))).toBeNull();
    expect(asPoison(new SpecError("keys must not be empty"))).toBeNull();
    expect(asPoison(new AggregatorStateError("aggregator finished"))).toBeNull();
  });

  test("a bad kernel spec is refused when the job is built, not per message", () => {
    expect(() => kernelAggregate({ spec: { format: "xml" as never, keys: ["a"] }, kernel: { createAggregator: () => { throw new Error("unused"); } }, input: () => ({ bytes: null }) })).toThrow(SpecError);
  });
});
