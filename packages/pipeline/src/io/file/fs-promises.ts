/**
 * node:fs/promises, loaded on first use. Loading it (or touching fs.promises) costs 2–4 ms on Bun: a
 * cost every `tally` command paid at start-up, though only some read files this way.
 */
export const fsPromises = (): Promise<typeof import("node:fs/promises")> => import("node:fs/promises");
