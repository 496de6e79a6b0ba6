/**
 * A ComputePool's worker thread (compute-pool.ts): loads one exported function, then answers calls of it
 * in order. An error keeps an HttpError's status, code and message; any other error is a 500 whose
 * message stays in this process, as errorResponse does in the service's thread.
 */

/**
 * From the pool to a worker: the load order once, then each call as one flat array `[id, ...args]`
 * (posting an object or a nested array cost the sending thread about twice as much, measured with
 * 23 kB bodies: ~30 against ~17 µs a message).
 */
export type ComputeRequest = { kind: "load"; module: string; exportName: string } | [id: number, ...args: unknown[]];

/** From a worker to the pool: the load's outcome once, then per call a flat array, a result or an error. */
export type ComputeReply =
  | { kind: "loaded" }
  | { kind: "load-failed"; message: string }
  | [id: number, failed: 0, value: unknown]
  | [id: number, failed: 1, status: number, code: string, message: string];

declare const self: Worker;

let fn: ((...args: unknown[]) => unknown) | undefined;

self.onmessage = async (event: MessageEvent<ComputeRequest>) => {
  const msg = event.data;
  if (!Array.isArray(msg)) {
    try {
      const mod = (await import(msg.module)) as Record<string, unknown>;
      const found = mod[msg.exportName];
      if (typeof found !== "function") throw new Error(`${msg.module} exports no function ${msg.exportName}`);
      fn = found as typeof fn;
      post({ kind: "loaded" });
    } catch (err) {
      post({ kind: "load-failed", message: String(err) });
    }
    return;
  }
  const id = msg[0];
  try {
    post([id, 0, fn!(...msg.slice(1))]);
  } catch (err) {
    const status = (err as { status?: unknown }).status;
    if (err instanceof Error && err.name === "HttpError" && typeof status === "number") {
      post([id, 1, status, String((err as { code?: unknown }).code), err.message]);
    } else {
      post([id, 1, 0, "", err instanceof Error ? err.message : String(err)]); // status 0: not an HttpError
    }
  }
};

function post(reply: ComputeReply): void {
  self.postMessage(reply);
}
