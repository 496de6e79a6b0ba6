import { describe, expect, test } from "bun:test";
import { parseArgs } from "node:util";
import { UsageError } from "./errors.ts";
import { parseOptions, type OptionSpec } from "./parse-options.ts";

const options: OptionSpec = { format: { type: "string" }, key: { type: "string" }, "dry-run": { type: "boolean" } };

describe("parseOptions", () => {
  test.each([
    [["file.csv", "--format", "csv", "--key", "company"]],
    [["--format=csv", "-", "--key=a,b"]],
    [["--dry-run", "x", "--key", "k", "--key", "last"]],
    [["a", "--", "--format", "b"]],
    [["--key="]],
    [[]],
  ])("accepts what strict parseArgs accepts, with the same values: %j", (argv) => {
    const want = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
    const got = parseOptions(argv, options);
    expect(got.positionals).toEqual(want.positionals);
    expect(got.values).toEqual({ ...want.values });
  });

  test.each([
    [["--frobnicate"], /unknown option '--frobnicate'/],
    [["--frob=1"], /unknown option '--frob'/],
    [["-f"], /unknown option '-f'/],
    [["--format"], /--format <value>' argument missing/],
    [["--format", "--key", "a"], /'--format' needs a value/],
    [["--dry-run=yes"], /'--dry-run' takes no value/],
    [["--constructor", "x"], /unknown option '--constructor'/],
  ])("rejects %j with a UsageError naming the option, as strict parseArgs rejects it", (argv, message) => {
    expect(() => parseArgs({ args: argv, options, allowPositionals: true, strict: true })).toThrow();
    expect(() => parseOptions(argv, options)).toThrow(UsageError);
    expect(() => parseOptions(argv, options)).toThrow(message);
  });
});
