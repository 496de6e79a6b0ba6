#!/usr/bin/env bun
/**
 * `bun run stack up | down | status | bootstrap | stop <server> | start <server> | logs <name> | reset` — the no-Docker local stack:
 * Kafka and Cassandra from Maven Central, Prometheus and node exporter from Debian, all under .stack/.
 */
import { StackError } from "./errors.ts";
import { findServer, startServer, stopServer } from "./server-control.ts";
import { bootstrap, type ComponentStatus, down, logPath, reset, status, up } from "./stack.ts";
import { renderTable } from "./table.ts";

const USAGE = "usage: bun run stack up | down | status | bootstrap | stop <server> | start <server> | logs <name> [-f] | reset";

function print(rows: ComponentStatus[]): void {
  console.log(renderTable([["NAME", "ADDRESS", "PID", "STATE", "CHECK"], ...rows.map((r) => [r.name, r.address, r.pid?.toString() ?? "-", r.state, r.check])]));
}

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "up": {
      const t0 = Date.now();
      const rows = await up();
      print(rows);
      console.error(`stack: up in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      return rows.every((r) => r.state === "ready") ? 0 : 1;
    }
    case "down":
      await down();
      return 0;
    case "bootstrap":
      // Schema and topics only, on whatever answers on the stack's ports (nothing is started).
      await bootstrap();
      return 0;
    case "reset":
      await reset();
      return 0;
    case "status": {
      const rows = await status();
      print(rows);
      return rows.every((r) => r.state === "ready") ? 0 : 3;
    }
    case "stop": {
      const c = findServer(rest[0]);
      const t0 = Date.now();
      const was = await stopServer(c);
      console.error(was ? `stack: stopped ${c.name} in ${((Date.now() - t0) / 1000).toFixed(1)}s (data kept)` : `stack: ${c.name} was not running`);
      return 0;
    }
    case "start": {
      const c = findServer(rest[0]);
      const t0 = Date.now();
      const how = await startServer(c);
      console.error(how === "already" ? `stack: ${c.name} was already running` : `stack: started ${c.name}, answering after ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      return 0;
    }
    case "logs": {
      if (!rest[0]) throw new StackError(`logs needs a server name. ${USAGE}`);
      const file = logPath(rest[0]);
      const tail = Bun.spawn(["tail", ...(rest.includes("-f") ? ["-F"] : []), "-n", "200", file], { stdout: "inherit", stderr: "inherit" });
      return await tail.exited;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

try {
  process.exit(await main(process.argv.slice(2)));
} catch (err) {
  if (err instanceof StackError) {
    console.error(`stack: error: ${err.message}${err.hint ? ` (see ${err.hint})` : ""}`);
    process.exit(1);
  }
  throw err;
}
