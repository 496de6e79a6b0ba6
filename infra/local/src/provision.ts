import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StackError } from "./errors.ts";
import { MAVEN_DIR, STACK_DIR } from "./paths.ts";
import { runCommand } from "./run-command.ts";

const MAVEN_REPO = () => join(STACK_DIR, "maven-repo");

/**
 * Resolves a server's jars from Maven Central with `mvn` into .stack/maven-repo and returns the
 * classpath. Reuses the previous resolution when the pom is unchanged (a second `up` downloads nothing).
 */
export async function mavenClasspath(name: "kafka" | "cassandra", logDir: string): Promise<string> {
  const pom = join(MAVEN_DIR, `${name}.pom.xml`);
  const out = join(STACK_DIR, name, "classpath.txt");
  const stamp = join(STACK_DIR, name, "classpath.pom");
  const pomText = readFileSync(pom, "utf8");
  if (existsSync(out) && existsSync(stamp) && readFileSync(stamp, "utf8") === pomText) return readFileSync(out, "utf8").trim();
  mkdirSync(join(STACK_DIR, name), { recursive: true });
  mkdirSync(logDir, { recursive: true });
  const res = await runCommand([
    "mvn", "-B", "-q", "-f", pom, `-Dmaven.repo.local=${MAVEN_REPO()}`,
    "dependency:build-classpath", `-Dmdep.outputFile=${out}`,
  ]).catch((cause) => {
    throw new StackError("Maven (mvn) not found: install it (apt-get install maven) — Kafka and Cassandra come from Maven Central", undefined, { cause });
  });
  const log = join(logDir, `mvn-${name}.log`);
  writeFileSync(log, res.stdout + res.stderr);
  if (res.code !== 0) {
    const disk = /No space left on device/i.test(res.stdout + res.stderr);
    throw new StackError(disk ? `disk full while downloading ${name} jars` : `download failed: ${name} jars from Maven Central (mvn exit ${res.code})`, log);
  }
  writeFileSync(stamp, pomText);
  return readFileSync(out, "utf8").trim();
}

/** Finds a jar on a resolved classpath by artifact name (e.g. the JMX exporter agent). */
export function jarOnClasspath(classpath: string, artifact: string): string {
  const jar = classpath.split(":").find((p) => p.split("/").pop()?.startsWith(`${artifact}-`));
  if (!jar) throw new StackError(`${artifact} is missing from the resolved classpath`);
  return jar;
}

/** Installs Debian packages non-interactively when a binary is missing (refreshing the lists once if needed). */
export async function ensureDebianPackages(binaries: Record<string, string>, logDir: string): Promise<void> {
  const missing = Object.entries(binaries).filter(([bin]) => !Bun.which(bin)).map(([, pkg]) => pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new StackError(`missing ${missing.join(", ")}: run as root, or apt-get install -y ${missing.join(" ")}`);
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, "apt-get.log");
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  const install = () => runCommand(["apt-get", "install", "-y", "-q", "--no-install-recommends", ...missing], { env });
  let res = await install();
  if (res.code !== 0) {
    await runCommand(["apt-get", "update", "-q"], { env });
    res = await install();
  }
  writeFileSync(log, res.stdout + res.stderr);
  if (res.code !== 0) {
    const disk = /No space left on device/i.test(res.stdout + res.stderr);
    throw new StackError(disk ? `disk full while installing ${missing.join(", ")}` : `download failed: apt-get install ${missing.join(" ")} (exit ${res.code})`, log);
  }
}

/** cqlsh from PyPI in its own virtualenv (Maven Central has no Cassandra 5 tarball with its bundled cqlsh). */
export async function ensureCqlsh(logDir: string): Promise<string> {
  const venv = join(STACK_DIR, "cqlsh");
  const bin = join(venv, "bin", "cqlsh");
  if (existsSync(bin)) return bin;
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, "pip-cqlsh.log");
  const mk = await runCommand(["python3", "-m", "venv", venv]).catch(() => null);
  if (!mk || mk.code !== 0) throw new StackError("python3 with venv is needed for cqlsh (apt-get install python3-venv)");
  const res = await runCommand([join(venv, "bin", "pip"), "install", "-q", "--disable-pip-version-check", "cqlsh==6.2.2"]);
  writeFileSync(log, res.stdout + res.stderr);
  if (res.code !== 0) throw new StackError("download failed: pip install cqlsh", log);
  return bin;
}
