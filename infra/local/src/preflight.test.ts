import { describe, expect, test } from "bun:test";
import { createServer } from "node:net";
import { checkDisk, checkPorts, parseJavaMajor, portIsFree } from "./preflight.ts";

describe("parseJavaMajor", () => {
  test("reads modern and legacy version strings", () => {
    expect(parseJavaMajor('openjdk version "17.0.15" 2025-04-15')).toBe(17);
    expect(parseJavaMajor('java version "1.8.0_392"')).toBe(8);
    expect(parseJavaMajor('openjdk version "25" 2025-09-16')).toBe(25);
    expect(parseJavaMajor("garbage")).toBeNull();
  });
});

describe("ports and disk", () => {
  test("a bound port is reported as taken, by number and owner", async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()));
    const port = (srv.address() as { port: number }).port;
    expect(await portIsFree(port)).toBe(false);
    await expect(checkPorts([port], "kafka")).rejects.toThrow(`port ${port} is already in use (needed by kafka)`);
    await new Promise((r) => srv.close(r));
    expect(await portIsFree(port)).toBe(true);
  });
  test("too little free space is a disk-full error", () => {
    expect(() => checkDisk("/", Number.MAX_SAFE_INTEGER)).toThrow(/^disk full/);
    expect(() => checkDisk("/", 1)).not.toThrow();
  });
});
