/**
 * Debian's Chromium, headless, as the browser tests drive it (installed by `bun run test`'s set-up).
 * The flags keep it off the network this machine does not have: no background services, no QUIC.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

async function chromium(args: string[]): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), "tally-chromium-"));
  try {
    // Virtual time runs the page's scripts (and waits for its fetches) before the DOM is dumped.
    const proc = Bun.spawn(["chromium", ...FLAGS, `--user-data-dir=${profile}`, "--virtual-time-budget=6000", ...args], { stdout: "pipe", stderr: "pipe" });
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    if (code !== 0) throw new Error(`chromium exited ${code}: ${err.slice(-400)}`);
    return out;
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/** The page's DOM after its scripts ran. */
export const renderedDom = (url: string) => chromium(["--dump-dom", url]);

/** A PNG of the page at `width`×`height`. */
export const screenshot = (url: string, path: string, width = 1400, height = 900) => chromium([`--window-size=${width},${height}`, `--screenshot=${path}`, url]);
