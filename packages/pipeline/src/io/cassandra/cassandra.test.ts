import { describe, expect, test } from "bun:test";
import cassandra from "cassandra-driver";
import { decimal, formatDecimal } from "@tally/decimal";
import { ConnectionError } from "../../errors.ts";
import { createContext } from "../../model/context.ts";
import { classifyCassandraError } from "./classify-error.ts";
import { toCassandraDecimal, toCassandraLong } from "./decimal.ts";
import { cassandraUpsertSink } from "./upsert-sink.ts";

describe("cassandra helpers", () => {
  test("decimals go through their exact string", () => {
    expect(toCassandraDecimal(decimal(6600n, 2)).toString()).toBe("66.00");
    expect(toCassandraDecimal(decimal(-5n, 2)).toString()).toBe("-0.05");
    expect(toCassandraDecimal(decimal(123456789012345678901234567890n, 2)).toString()).toBe("1234567890123456789012345678.90");
    expect(toCassandraLong(9007199254740993n).toString()).toBe("9007199254740993");
  });

  test("a decimal's bytes on the wire are those of its exact text, around the 2^53 edge and at any scale", () => {
    const wire = (d: ReturnType<typeof decimal>) => cassandra.types.BigDecimal.toBuffer(toCassandraDecimal(d)).toString("hex");
    const viaText = (text: string) => cassandra.types.BigDecimal.toBuffer(cassandra.types.BigDecimal.fromString(text)).toString("hex");
    const edge = BigInt(Number.MAX_SAFE_INTEGER);
    for (const units of [0n, 1n, -1n, 127n, 128n, -128n, -129n, 255n, 256n, 11130n, -5n, edge - 1n, edge, edge + 1n, -edge, -edge - 1n, 10n ** 30n + 7n, -(10n ** 30n) - 7n]) {
      for (const scale of [0, 2, 6]) {
        const d = decimal(units, scale);
        expect([units, scale, wire(d)]).toEqual([units, scale, viaText(formatDecimal(d))]);
      }
    }
  });

  test("unavailability and timeouts are retriable, syntax errors are not", () => {
    const unavailable = Object.assign(new Error("Not enough replicas"), { name: "ResponseError", code: cassandra.types.responseErrorCodes.unavailableException });
    expect(classifyCassandraError(unavailable, "upsert")).toBeInstanceOf(ConnectionError);
    expect(classifyCassandraError(Object.assign(new Error("x"), { name: "NoHostAvailableError" }), "upsert").retriable).toBe(true);
    // The driver's own error when Cassandra goes away mid-request: a retry, never poison.
    const DriverError = cassandra.errors.DriverError as unknown as new (message: string) => Error; // abstract in the typings only
    expect(classifyCassandraError(new DriverError("Socket was closed"), "upsert").retriable).toBe(true);
    expect(classifyCassandraError(new cassandra.errors.ArgumentError("bad"), "upsert").retriable).toBe(false);
    const syntax = Object.assign(new Error("line 1:0 no viable alternative"), { name: "ResponseError", code: cassandra.types.responseErrorCodes.syntaxError });
    expect(classifyCassandraError(syntax, "upsert").retriable).toBe(false);
  });

  test("the upsert sink refuses statements that are not idempotent upserts", () => {
    const client = {} as cassandra.Client;
    expect(() => cassandraUpsertSink({ client, query: "SELECT * FROM t", params: () => [] })).toThrow(TypeError);
    expect(() => cassandraUpsertSink({ client, query: "UPDATE t SET n = n + ? WHERE k = ?", params: () => [] })).toThrow(/not idempotent/);
  });

  test("executes one prepared statement per element with bounded concurrency", async () => {
    let inFlight = 0;
    let peak = 0;
    const calls: unknown[][] = [];
    const client = {
      async execute(_q: string, params: unknown[], opts: { prepare: boolean }) {
        expect(opts.prepare).toBe(true);
        inFlight++;
        peak = Math.max(peak, inFlight);
        await Bun.sleep(1);
        calls.push(params);
        inFlight--;
      },
    } as unknown as cassandra.Client;
    const sink = cassandraUpsertSink<number>({ client, query: "INSERT INTO t (k, v, src) VALUES (?, ?, ?)", params: (n, ctx) => [n, n * 2, ctx.batchId], concurrency: 3 });
    await sink.write([1, 2, 3, 4, 5, 6, 7], createContext("b9"));
    expect(calls).toHaveLength(7);
    expect(calls).toContainEqual([7, 14, "b9"]);
    expect(peak).toBe(3);
  });
});
