import type { Server } from "bun";
import type { Logger } from "./logger.ts";
import { hotRoutesOf } from "./hot-routes.ts";
import { isLoopback } from "./service-config.ts";

/** Bun's own request-body cap as a multiple of the service's BODY_LIMIT_BYTES (see serve). */
export const BODY_CAP_FACTOR = 4;

/** Something with a fetch handler: a Hono app. */
export interface Fetchable {
  fetch: (req: Request, server: Server<undefined>) => Response | Promise<Response>;
}

/** A named shutdown step, run in order (e.g. stop consuming, then disconnect clients). */
export interface ShutdownHook {
  name: string;
  run: () => Promise<void> | void;
}

export interface ServeOptions {
  port: number;
  hostname?: string;
  /** Whether mutating routes need a token (API_TOKEN); serving beyond loopback without one is logged loudly. */
  authenticated?: boolean;
  logger: Logger;
  onShutdown?: readonly ShutdownHook[];
  /** How long in-flight requests and all hooks may take together; default 10 s. */
  shutdownTimeoutMs?: number;
  /** Injected for tests; default process.exit. */
  exit?: (code: number) => void;
  /** Signals that trigger shutdown; default SIGTERM and SIGINT. Tests pass []. */
  signals?: readonly NodeJS.Signals[];
}

export interface Served {
  server: Server<undefined>;
  /** Runs the same graceful shutdown a signal does; resolves once exit was called. */
  shutdown: (reason: string) => Promise<void>;
}

/**
 * Starts Bun.serve and installs signal handlers. On SIGTERM/SIGINT it stops accepting new
 * connections, lets in-flight requests finish, runs the shutdown hooks, and exits 0.
 * A second signal while shutting down exits 1 at once, for operators who mean it.
 */
export function serve(app: Fetchable, opts: ServeOptions): Served {
  const log = opts.logger;
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const timeoutMs = opts.shutdownTimeoutMs ?? 10_000;
  // An app's hot routes (hot-routes.ts) are matched by Bun before any JS; everything else goes to the app.
  // A hot route without side effects judges the body limit on the body it read, so Bun's own cap bounds
  // what it may read first: BODY_CAP_FACTOR × the service's limit (Bun answers a declared length over
  // that itself, 413 without a body; within it every route answers the JSON 413).
  const hot = hotRoutesOf(app);
  const limits = hot ? { routes: hot.bunRoutes(), maxRequestBodySize: hot.maxBodyBytes * BODY_CAP_FACTOR } : {};
  const server = Bun.serve({ port: opts.port, hostname: opts.hostname, fetch: app.fetch, ...limits } as Parameters<typeof Bun.serve>[0]) as Server<undefined>;
  log.info("listening", { url: server.url.toString() });
  if (opts.hostname !== undefined && !isLoopback(opts.hostname) && opts.authenticated === false) {
    log.warn("ALLOW_UNAUTHENTICATED: serving beyond this machine with no API_TOKEN; anyone who reaches this port can produce, consume and read", { host: opts.hostname });
  }

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log.info("shutting down", { reason });
      const deadline = Date.now() + timeoutMs;
      const left = () => Math.max(0, deadline - Date.now());
      let clean = await settle(server.stop(false), left());
      if (!clean) {
        log.warn("in-flight requests did not finish in time; closing them");
        await server.stop(true);
      }
      for (const hook of opts.onShutdown ?? []) {
        try {
          clean = await settle(Promise.resolve().then(hook.run), left());
          if (!clean) log.warn("shutdown hook timed out", { hook: hook.name });
        } catch (err) {
          log.error("shutdown hook failed", { hook: hook.name, error: err });
        }
      }
      log.info("stopped");
      exit(0);
    })();
    return stopping;
  };

  for (const signal of opts.signals ?? (["SIGTERM", "SIGINT"] as const)) {
    process.on(signal, () => {
      if (stopping) {
        log.warn("second signal during shutdown; exiting now", { signal });
        exit(1);
        return;
      }
      void shutdown(signal);
    });
  }
  return { server, shutdown };
}

/** true if `p` settled within `ms`; rejections propagate. */
async function settle(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([p.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
