import { statfsSync } from "node:fs";
import { createServer } from "node:net";
import { StackError } from "./errors.ts";
import { runCommand } from "./run-command.ts";

/** Kafka 4 brokers need Java 17; Cassandra 5.0 runs on 11 or 17. */
export const MIN_JAVA = 17;
/** Free space needed under .stack/ for downloads plus a little data. */
export const MIN_FREE_BYTES = 2 * 1024 ** 3;

/** Parses the major version out of `java -version` output (`openjdk version "17.0.15"`, `"1.8.0_392"`). */
export function parseJavaMajor(versionOutput: string): number | null {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!m) return null;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

/** The java executable to use: $JAVA_HOME/bin/java when set, else `java` on PATH. */
export function javaBin(): string {
  return process.env.JAVA_HOME ? `${process.env.JAVA_HOME}/bin/java` : "java";
}

/** Fails with one clear line when Java is missing or older than {@link MIN_JAVA}. */
export async function checkJava(): Promise<number> {
  const res = await runCommand([javaBin(), "-version"]).catch(() => null);
  if (!res || res.code !== 0) throw new StackError(`Java not found (${javaBin()}): install OpenJDK ${MIN_JAVA} (apt-get install openjdk-17-jre-headless) or set JAVA_HOME`);
  const major = parseJavaMajor(res.stderr + res.stdout);
  if (major === null) throw new StackError(`cannot read the Java version from \`${javaBin()} -version\``);
  if (major < MIN_JAVA) throw new StackError(`Java ${major} is too old: Kafka 4 needs Java ${MIN_JAVA}+ (set JAVA_HOME to a JDK ${MIN_JAVA})`);
  return major;
}

/** Fails when the disk holding `dir` has less than `minFree` bytes available. */
export function checkDisk(dir: string, minFree = MIN_FREE_BYTES): void {
  const st = statfsSync(dir);
  const free = st.bavail * st.bsize;
  if (free < minFree) {
    throw new StackError(`disk full: ${(free / 1024 ** 3).toFixed(1)} GiB free under ${dir}, the stack needs at least ${(minFree / 1024 ** 3).toFixed(0)} GiB`);
  }
}

/** Resolves true when nothing listens on 127.0.0.1:port (we can bind it ourselves). */
export function portIsFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** Fails naming the first taken port and the component that needs it. */
export async function checkPorts(ports: readonly number[], owner: string): Promise<void> {
  for (const port of ports) {
    if (!(await portIsFree(port))) {
      throw new StackError(`port ${port} is already in use (needed by ${owner}); stop whatever listens there (ss -ltnp 'sport = :${port}') and retry`);
    }
  }
}
