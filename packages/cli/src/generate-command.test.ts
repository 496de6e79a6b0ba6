/** `tally generate` as a real process (Bun.spawn): NDJSON on stdout, determinism, errors, Ctrl-C. Kafka: test/integration/generate-logins.test.ts. */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";

const MAIN = join(import.meta.dir, "main.ts");

async function tally(args: string[]) {
  const proc = Bun.spawn(["bun", MAIN, ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

const ndjson = (text: string) => text.trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, string>);

describe("tally generate logins --output -", () => {
  test("N records as NDJSON, byte-identical for the same seed and start, different for another seed", async () => {
    const args = ["generate", "logins", "--count", "2000", "--seed", "5", "--start", "1700000000", "--output", "-"];
    const [a, b, other] = await Promise.all([tally(args), tally(args), tally([...args.slice(0, 4), "6", ...args.slice(5)])]);
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    expect(other.stdout).not.toBe(a.stdout);
    const records = ndjson(a.stdout);
    expect(records).toHaveLength(2000);
    expect(Object.keys(records[0]!)).toEqual(["user_id", "app_version", "device_type", "ip", "locale", "device_id", "timestamp"]);
    expect(records[0]!.timestamp).toBe("1700000000");
    expect(a.stderr).toMatch(/^generated 2000 logins → stdout in \d+\.\d\d s \(\d+ records\/s\); seed 5, start 1700000000\n$/);
  });

  test("without --start the summary names the start it used, so the run can be repeated", async () => {
    const first = await tally(["generate", "logins", "--count", "50", "--output", "-"]);
    const start = /start (\d+)$/m.exec(first.stderr)![1]!;
    const again = await tally(["generate", "logins", "--count", "50", "--start", start, "--output", "-"]);
    expect(again.stdout).toBe(first.stdout);
  });

  test("Ctrl-C stops after the batch in flight: exit 130, the summary says how far it got", async () => {
    const proc = Bun.spawn(["bun", MAIN, "generate", "logins", "--count", "100000", "--rate", "20", "--output", "-"], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    const reader = proc.stdout.getReader();
    await reader.read(); // the first record is out: the run is under way
    proc.kill("SIGINT");
    const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(130);
    expect(stderr).toMatch(/^interrupted: \d+ of 100000 logins → stdout in /m);
  });

  test("a reader that goes away (`| head`) stops it without an error: exit 0, the summary says stdout closed", async () => {
    const proc = Bun.spawn(["sh", "-c", `bun ${MAIN} generate logins --count 2000000 --output - | head -c 1000 >/dev/null`], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    const [stderr, code] = await Promise.all([new Response(proc.stderr).text(), proc.exited]);
    expect(code).toBe(0); // sh reports the last command; `set -o pipefail` is not POSIX, so the summary is the witness
    expect(stderr).toMatch(/^stopped \(stdout closed\): \d+ of 2000000 logins → stdout in /m);
    expect(stderr).not.toContain("EPIPE");
  });
});

describe("tally generate errors", () => {
  const cases: [string, string[], number, RegExp][] = [
    ["unknown kind", ["generate", "trades", "--count", "1"], 2, /^tally: unknown kind 'trades' \(known kinds: logins, employees, payments\)$/m],
    ["no --count", ["generate", "logins"], 2, /--count is required/],
    ["bad --rate", ["generate", "logins", "--count", "1", "--rate=-1"], 2, /--rate must be/],
    ["Kafka unreachable", ["generate", "logins", "--count", "1", "--brokers", "127.0.0.1:1"], 1, /^tally: Kafka is unavailable: .*ECONNREFUSED 127\.0\.0\.1:1$/],
  ];
  for (const [name, args, code, message] of cases) {
    test(`${name} → exit ${code} with a one-line message`, async () => {
      const r = await tally(args);
      expect(r.code).toBe(code);
      expect(r.stderr.split("\n")[0]).toMatch(message);
      if (code === 1) expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    });
  }

  test("--help lists the command", async () => {
    const help = await tally(["--help"]);
    expect(help.stderr).toContain("tally generate <kind> --count <n>");
  });
});
