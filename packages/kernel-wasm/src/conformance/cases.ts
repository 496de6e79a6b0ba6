/**
 * Conformance examples with hand-checked expectations. Run by `bun test` (conformance.test.ts) and,
 * bundled, under Node and Deno (scripts/test-runtimes.ts). Pure data: no runtime-specific imports.
 */
import type { AggregateSpec } from "../types.ts";

export interface ConformanceCase {
  name: string;
  spec: AggregateSpec;
  input: string;
  /** Groups as [key..., count] or [key..., count, sum minor units as string], in first-seen order. */
  groups: (string | number)[][];
  /** [line, reason] for every rejection. */
  rejections?: [number, string][];
}

const BILLING_1 = "service,cost,company,,,\nCloud Run,10.0,A,,,\nCloud SQL,20.0,B,,,\nCompute Engine,12.0,C,,,\n" +
  "Load Balancer,11.0,A,,,\nCloud Storage,8.0,B,,,\nBigQuery,25.0,C,,,\nCloud Functions,15.0,A,,,\n" +
  "Vertex AI,30.0,A,,,\nCloud CDN,17.0,C,,,\n";

const BILL = { format: "csv", keys: ["company"], sum: "cost" } as const;

export const CASES: ConformanceCase[] = [
  { name: "csv: seed billing report", spec: BILL, input: BILLING_1, groups: [["A", 4, "6600"], ["B", 2, "2800"], ["C", 3, "5400"]] },
  {
    name: "csv: quoting, CRLF, BOM, blank lines, no final newline",
    spec: BILL,
    input: '\uFEFFservice,cost,company\r\n"Run, fast",1.5,"A ""x"""\r\n\r\n"multi\nline",2,B\r\nz,3,"A ""x"""',
    groups: [['A "x"', 2, "450"], ["B", 1, "200"]],
  },
  {
    name: "csv: rejections with physical lines",
    spec: BILL,
    input: "service,cost,company\na,1.234,A\nb,x,A\nc,1\n\"q\nq\",9,B\nd,\"5\"x,A\ne,9e3,B\nf,-0.5,B\n\"open,1,A\n",
    groups: [["B", 2, "850"]],
    rejections: [[2, "more fraction digits than scale"], [3, "invalid decimal"], [4, "missing column"], [7, "malformed quoted field"], [8, "invalid decimal"], [10, "unterminated quoted field"]],
  },
  {
    name: "csv: i64 limits and totals past 2^53",
    spec: { format: "csv", keys: ["k"], sum: "v", scale: 0 },
    input: "k,v\nA,9223372036854775807\nA,9223372036854775807\nB,-9223372036854775808\nB,9223372036854775808\n",
    groups: [["A", 2, "18446744073709551614"], ["B", 1, "-9223372036854775808"]],
    rejections: [[5, "value out of i64 range"]],
  },
  {
    name: "ndjson: top-level fields only, escapes, number and bool keys",
    spec: { format: "ndjson", keys: ["device_type", "locale"], sum: "amount" },
    input: [
      '{"nested":{"device_type":"decoy"},"device_type":"android","locale":"RU","amount":"1.50","note":"\\"device_type\\":\\"x\\""}',
      '{"device_type":"andr\\u006fid","locale":"RU","amount":2}',
      '{"device_type":true,"locale":7.50,"amount":-1}',
      '{"device_type":"ios","locale":null,"amount":1}',
      '{"device_type":"ios","locale":"EN","amount":1e2}',
      '{"device_type":"ios","locale":"EN","amount":1} x',
      '  ',
      '',
      '[1,2]',
      '{"device_type":{"a":1},"locale":"EN","amount":1}',
      '{"device_type":"\\ud83d\\ude00","locale":"EN"}',
    ].join("\n"),
    groups: [["android", "RU", 2, "350"], ["true", "7.50", 1, "-100"]],
    rejections: [[4, "missing key field"], [5, "invalid decimal"], [6, "not a valid JSON object"], [7, "not a valid JSON object"], [9, "not a valid JSON object"], [10, "key field is an object or array"], [11, "missing sum field"]],
  },
  {
    name: "ndjson: count only, duplicate member (last wins), unicode",
    spec: { format: "ndjson", keys: ["u"] },
    input: '{"u":"a","u":"ü"}\r\n{"u":"\\ud83d\\ude00"}\n{"u":"😀"}\n',
    groups: [["ü", 1], ["😀", 2]],
  },
  {
    name: "log: positions, suffix, field count",
    spec: { format: "log", keys: [2], sum: 4, suffix: "ms", fields: 5, scale: 0 },
    input: "2025-05-02T23:16:50Z user115 login 200 1568ms\n2025-05-02T08:07:36Z user143  login\t200 1435ms\r\n" +
      "x user1 login 200 12\nx user1 login 200\n\nx u getOrder 500 7ms",
    groups: [["login", 2, "3003"], ["getOrder", 1, "7"]],
    rejections: [[3, "missing suffix"], [4, "wrong field count"]],
  },
  {
    name: "csv: negatives rejected (unquoted, quoted, past the short path), signed zero kept",
    spec: { ...BILL, negatives: "reject" },
    input: 'service,cost,company\na,1.00,A\nb,-4.00,A\nc,"-2.5",B\nd,-0.00,B\ne,-123456789012.50,A\nf,+3,B\ng,-x,A\n',
    groups: [["A", 1, "100"], ["B", 2, "300"]],
    rejections: [[3, "negative value"], [4, "negative value"], [6, "negative value"], [8, "invalid decimal"]],
  },
  {
    name: "log: negatives rejected",
    spec: { format: "log", keys: [1, 2], sum: 4, suffix: "ms", fields: 5, scale: 0, negatives: "reject" },
    input: "t u1 login 200 5ms\nt u1 login 200 -5ms\nt u2 login 200 -0ms\n",
    groups: [["u1", "login", 1, "5"], ["u2", "login", 1, "0"]],
    rejections: [[2, "negative value"]],
  },
  {
    name: "ndjson: negatives rejected",
    spec: { format: "ndjson", keys: ["k"], sum: "v", negatives: "reject" },
    input: '{"k":"a","v":1}\n{"k":"a","v":-1}\n{"k":"b","v":"-0.01"}\n',
    groups: [["a", 1, "100"]],
    rejections: [[2, "negative value"], [3, "negative value"]],
  },
  {
    name: "ndjson: typed keys are JSON source text; a string sum is refused",
    spec: { format: "ndjson", keys: ["k", "n"], sum: "v", typed: true },
    input: '{"k":"a","n":30,"v":1}\n{"k":"a","n":"30","v":2}\n{"k":"a\\u0062","n":true,"v":3.5}\n{"k":"a","n":30,"v":"4"}\n{"k":"a","n":30.0,"v":5}\n',
    groups: [['"a"', "30", 1, "100"], ['"a"', '"30"', 1, "200"], ['"a\\u0062"', "true", 1, "350"], ['"a"', "30.0", 1, "500"]],
    rejections: [[4, "invalid decimal"]],
  },
];
