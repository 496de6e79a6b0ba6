/** The CLI as a real process (Bun.spawn) on seed data and temp files: output, stderr and exit codes. */
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SEED_DATA } from "../../../test/fixtures/seed-data.ts";

const MAIN = join(import.meta.dir, "main.ts");
const SEED = SEED_DATA;
const dir = await mkdtemp(join(tmpdir(), "tally-cli-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function tally(args: string[], stdin?: string, env: Record<string, string> = {}) {
  const proc = Bun.spawn(["bun", MAIN, ...args], {
    stdin: stdin === undefined ? "ignore" : new TextEncoder().encode(stdin),
    stdout: "pipe",
    stderr: "pipe",
    env: { ...process.env, ...env },
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

async function temp(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

const jsonl = (text: string) => text.trim().split("\n").map((l) => JSON.parse(l) as { key: string[]; count: number; sum?: string });

describe("tally aggregate into a reader that goes away", () => {
  test("`| head` stops it quietly: no EPIPE error, a note that stdout closed", async () => {
    // ~1 MB of rows: far more than the pipe holds once head has read its 100 bytes and left.
    const rows = Array.from({ length: 20_000 }, (_, i) => `s,${i % 97}.25,company-${i}`).join("\n");
    const path = await temp("many-keys.csv", `service,cost,company\n${rows}\n`);
    for (const output of ["jsonl", "csv"]) {
      const proc = Bun.spawn(["sh", "-c", `bun ${MAIN} aggregate ${path} --format csv --key company --sum cost --output ${output} | head -c 100 >/dev/null`], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
      const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
      expect(code).toBe(0); // sh reports head's status: stderr is the witness
      expect(stderr).toBe("tally: stopped: stdout closed\n");
    }
  });
});

describe("tally aggregate on the seed billing reports", () => {
  const expected: Record<number, Record<string, string>> = {
    1: { A: "66.00", B: "28.00", C: "54.00" },
    2: { A: "112.96", B: "66.08", C: "85.28" },
    3: { A: "67.00", B: "50.00", C: "31.00" },
  };
  for (const n of [1, 2, 3]) {
    test(`billing_report_${n}.csv: per-company exact sums, sorted`, async () => {
      const r = await tally(["aggregate", `${SEED}/garmin/billing_report_${n}.csv`, "--format", "csv", "--key", "company", "--sum", "cost", "--output", "jsonl"]);
      expect(r.code).toBe(0);
      const groups = jsonl(r.stdout);
      expect(groups.map((g) => g.key[0])).toEqual(["A", "B", "C"]);
      expect(Object.fromEntries(groups.map((g) => [g.key[0], g.sum]))).toEqual(expected[n]!);
      expect(r.stderr).toMatch(/9 records, 0 rejected, 3 groups; .* MB\/s/);
    });
  }

  test("the brief's line shape exactly, from the WASM kernel", async () => {
    const args = ["aggregate", `${SEED}/garmin/billing_report_1.csv`, "--format", "csv", "--key", "company", "--sum", "cost", "--output", "jsonl"];
    const wasm = await tally(args);
    expect(wasm.stdout.split("\n")[0]).toBe('{"key":["A"],"count":4,"sum":"66.00"}');
    expect(wasm.stderr).toMatch(/MB\/s, wasm (simd|scalar)\)/);
  });

  test("default output is a readable table; --output csv has a header", async () => {
    const table = await tally(["aggregate", `${SEED}/garmin/billing_report_2.csv`, "--format", "csv", "--key", "company", "--sum", "cost"]);
    expect(table.stdout.split("\n").slice(0, 3)).toEqual(["company  count  sum(cost)", "───────  ─────  ─────────", "A            4     112.96"]);
    const csv = await tally(["aggregate", `${SEED}/garmin/billing_report_2.csv`, "--format", "csv", "--key", "company", "--output", "csv"]);
    expect(csv.stdout).toBe("company,count\nA,4\nB,2\nC,3\n");
  });
});

describe("tally aggregate formats and options", () => {
  test("--scale sets the fraction digits; without --sum only counts", async () => {
    const path = await temp("s.csv", "k,v\nx,1.5\nx,0.125\ny,2\n");
    const r = await tally(["aggregate", path, "--format", "csv", "--key", "k", "--sum", "v", "--scale", "3", "--output", "jsonl"]);
    expect(jsonl(r.stdout)).toEqual([
      { key: ["x"], count: 2, sum: "1.625" },
      { key: ["y"], count: 1, sum: "2.000" },
    ]);
    const counts = await tally(["aggregate", path, "--format", "csv", "--key", "k", "--output", "jsonl"]);
    expect(counts.stdout).toBe('{"key":["x"],"count":2}\n{"key":["y"],"count":1}\n');
  });

  test("sorts keys element by element in UTF-8 byte order, not JS string order", async () => {
    const path = await temp("u.ndjson", ['{"a":"\u{1F600}","b":"1"}', '{"a":"\uFF5E","b":"2"}', '{"a":"\uFF5E","b":"10"}', '{"a":"Z","b":"x"}'].join("\n"));
    const r = await tally(["aggregate", path, "--format", "ndjson", "--key", "a,b", "--output", "jsonl"]);
    expect(jsonl(r.stdout).map((g) => g.key)).toEqual([["Z", "x"], ["\uFF5E", "10"], ["\uFF5E", "2"], ["\u{1F600}", "1"]]);
  });

  test("log format takes 0-based positions; stdin with -", async () => {
    const log = "2025-05-02T23:16:50Z user1 login 200 1568ms\n2025-05-02T08:07:36Z user1 login 500 2ms\n2025-05-02T19:51:22Z user9 deleteOrder 200 914ms\n";
    const r = await tally(["aggregate", "-", "--format", "log", "--key", "1,2", "--sum", "4", "--suffix", "ms", "--fields", "5", "--scale", "0", "--output", "jsonl"], log);
    expect(r.code).toBe(0);
    expect(jsonl(r.stdout)).toEqual([
      { key: ["user1", "login"], count: 2, sum: "1570" },
      { key: ["user9", "deleteOrder"], count: 1, sum: "914" },
    ]);
  });

  test("rejections: exit 0, summary counts them, --errors writes one JSON line each", async () => {
    const path = await temp("bad.csv", "company,cost\nA,1.00\nB,abc\nA,2.005\nC\nA,3\n");
    const errors = join(dir, "errors.jsonl");
    const r = await tally(["aggregate", path, "--format", "csv", "--key", "company", "--sum", "cost", "--output", "jsonl", "--errors", errors]);
    expect(r.code).toBe(0);
    expect(jsonl(r.stdout)).toEqual([{ key: ["A"], count: 2, sum: "4.00" }]);
    expect(r.stderr).toContain("2 records, 3 rejected");
    const lines = (await readFile(errors, "utf8")).trim().split("\n").map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(lines.map((l) => l.line)).toEqual([3, 4, 5]);
    expect(lines.every((l) => typeof l.reason === "string" && l.reason.length > 0)).toBe(true);
  });

  test("an empty input is read fine: no groups, exit 0", async () => {
    const r = await tally(["aggregate", await temp("empty.ndjson", ""), "--format", "ndjson", "--key", "a", "--output", "jsonl"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("");
  });
});

describe("tally aggregate errors", () => {
  const cases: [string, string[], number, RegExp][] = [
    ["missing file", ["aggregate", "/nonexistent/x.csv", "--format", "csv", "--key", "a"], 1, /^tally: no such file: \/nonexistent\/x.csv$/m],
    ["a directory", ["aggregate", "/tmp", "--format", "csv", "--key", "a"], 1, /is a directory/],
    ["unknown column", ["aggregate", `${SEED}/garmin/billing_report_1.csv`, "--format", "csv", "--key", "compnay"], 1, /unknown column "compnay"/],
    ["unknown format", ["aggregate", "x", "--format", "xml", "--key", "a"], 2, /--format must be one of csv, ndjson, log/],
    ["no --key", ["aggregate", "x", "--format", "csv"], 2, /--key is required/],
    ["no input", ["aggregate", "--format", "csv", "--key", "a"], 2, /needs one input file/],
    ["unknown option", ["aggregate", "x", "--format", "csv", "--key", "a", "--frobnicate"], 2, /frobnicate/],
    ["--engine is gone (the kernel is the only engine)", ["aggregate", "x", "--format", "csv", "--key", "a", "--engine", "wasm"], 2, /--engine/],
    ["bad scale", ["aggregate", "x", "--format", "csv", "--key", "a", "--scale=-1"], 2, /--scale must be an integer/],
    ["log keys must be positions", ["aggregate", "x", "--format", "log", "--key", "user"], 2, /0-based positions/],
    ["unknown command", ["frobnicate"], 2, /unknown command 'frobnicate'/],
  ];
  for (const [name, args, code, message] of cases) {
    test(`${name} → exit ${code} with a one-line message`, async () => {
      const r = await tally(args);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split("\n")[0]).toStartWith("tally: ");
      expect(r.stdout).toBe("");
    });
  }

  test("no arguments prints usage and exits 2; --help exits 0", async () => {
    expect((await tally([])).code).toBe(2);
    const help = await tally(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stderr).toContain("tally aggregate <file|->");
  });
});

describe("tally bill", () => {
  const RATES = `${SEED}/distributed_billing_aggregation/rates.env`;

  test("bills the seed API logs exactly, one line per user sorted as strings", async () => {
    const r = await tally(["bill", `${SEED}/distributed_billing_aggregation/api_logs.txt`, "--rates", RATES]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    // user1's exact cost is 42.505: the float original printed 42.50.
    expect(lines[0]).toBe("user1: total_duration=7235ms, total_cost=42.51");
    expect(lines.slice(0, 4).map((l) => l.split(":")[0])).toEqual(["user1", "user10", "user100", "user1000"]);
    const users = lines.map((l) => l.split(":")[0]!);
    expect(users).toEqual([...users].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    for (const l of lines) expect(l).toMatch(/^user\d+: total_duration=\d+ms, total_cost=\d+\.\d\d$/);
    const total = lines.reduce((s, l) => s + BigInt(/total_duration=(\d+)ms/.exec(l)![1]!), 0n);
    expect(r.stderr).toContain("10000 records, 0 rejected");
    expect(total).toBeGreaterThan(0n);
  });

  test("malformed lines are reported on stderr with line numbers and never abort; JSON rates work", async () => {
    const logs = await temp(
      "api.txt",
      ["2025-05-02T23:16:50Z u2 login 200 9611ms", "garbage", "2025-05-02T23:16:50Z u1 login 200 10s", "2025-05-02T23:16:50Z u1 refund 200 5ms", "2025-05-02T23:16:50Z u1 createOrder 200 1ms"].join("\n"),
    );
    const rates = await temp("rates.json", '{"login": 0.005, "createOrder": "0.010"}');
    const r = await tally(["bill", logs, "--rates", rates]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("u1: total_duration=6ms, total_cost=0.01\nu2: total_duration=9611ms, total_cost=48.06\n");
    expect(r.stderr).toMatch(/^line 2: /m);
    expect(r.stderr).toMatch(/^line 3: /m);
    expect(r.stderr).toContain("3 records, 2 rejected");
  });

  test("a bad rate card fails before reading logs; missing --rates is a usage error", async () => {
    const bad = await temp("bad.env", "RATE_login=abc\n");
    const r = await tally(["bill", `${SEED}/distributed_billing_aggregation/api_logs.txt`, "--rates", bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tally: rate card: line 1: rate for login/);
    const missing = await tally(["bill", "x.txt"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("--rates <file> is required");
    const noRates = await tally(["bill", "x.txt", "--rates", "/nonexistent/rates.env"]);
    expect(noRates.code).toBe(1);
    expect(noRates.stderr).toContain("no such rates file");
  });
});
