import { afterAll, describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileChunks } from "./file-chunks.ts";
import { rechunk } from "./rechunk.ts";

const dir = await mkdtemp(join(tmpdir(), "tally-chunks-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of chunks) out.push(c.slice());
  return out;
}

describe("fileChunks", () => {
  test("yields fixed-size chunks whose concatenation is the file", async () => {
    const bytes = new Uint8Array(10_000).map((_, i) => i % 251);
    const path = join(dir, "a.bin");
    await writeFile(path, bytes);
    const chunks = await collect(fileChunks(path, { chunkSize: 4096 }));
    expect(chunks.map((c) => c.byteLength)).toEqual([4096, 4096, 1808]);
    expect(Buffer.concat(chunks).equals(Buffer.from(bytes))).toBe(true);
  });

  test("reuseBuffer hands out the same buffer each time", async () => {
    const path = join(dir, "b.bin");
    await writeFile(path, new Uint8Array(300));
    const seen = new Set<ArrayBufferLike>();
    for await (const c of fileChunks(path, { chunkSize: 100, reuseBuffer: true })) seen.add(c.buffer);
    expect(seen.size).toBe(1);
  });

  test("an empty file yields nothing; a missing one fails with ENOENT", async () => {
    const path = join(dir, "empty");
    await writeFile(path, "");
    expect(await collect(fileChunks(path))).toEqual([]);
    await expect(collect(fileChunks(join(dir, "missing")))).rejects.toMatchObject({ code: "ENOENT" });
  });

  test("uses 2 MiB chunks by default", async () => {
    const path = join(dir, "big.bin");
    await writeFile(path, new Uint8Array(5 * 1024 * 1024));
    const sizes = (await collect(fileChunks(path))).map((c) => c.byteLength);
    expect(sizes).toEqual([2 * 1024 * 1024, 2 * 1024 * 1024, 1024 * 1024]);
  });
});

describe("rechunk", () => {
  async function* parts(...sizes: number[]) {
    let n = 0;
    for (const s of sizes) yield new Uint8Array(s).map(() => n++ % 256);
  }

  test("coalesces small chunks to at least minSize, keeping byte order", async () => {
    const out = await collect(rechunk(parts(3, 3, 3, 10, 1), 5));
    expect(out.map((c) => c.byteLength)).toEqual([6, 13, 1]);
    expect([...Buffer.concat(out)]).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  test("passes large chunks through and drops empty ones", async () => {
    const out = await collect(rechunk(parts(0, 8, 0), 5));
    expect(out.map((c) => c.byteLength)).toEqual([8]);
  });
});
