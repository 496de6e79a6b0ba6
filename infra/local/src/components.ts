import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { StackError } from "./errors.ts";
import { CONFIG_DIR, JMX_EXPORTER_CONFIG, PROMETHEUS_SRC, STACK_DIR, componentDir, port } from "./paths.ts";
import { javaBin } from "./preflight.ts";
import { ensureDebianPackages, jarOnClasspath, mavenClasspath } from "./provision.ts";
import { cassandraAnswers, httpAnswers, kafkaAnswers } from "./readiness.ts";
import { runCommand } from "./run-command.ts";

/** One server of the local stack: how to provision, start and probe it. */
export interface Component {
  name: string;
  address: string;
  /** Every port it binds (checked free before start; checked released after down). */
  ports: number[];
  /** How a person checks it by hand. */
  check: string;
  readyTimeoutMs: number;
  /** Downloads/installs and writes config; returns the command line to start it. */
  prepare(): Promise<string[]>;
  probe(): Promise<boolean>;
}

export const logDir = (name: string) => join(componentDir(name), "logs");
/** The log worth reading first: the server's own log for the JVMs, captured output for the rest. */
export const logFile = (name: string) => join(logDir(name), name === "cassandra" ? "system.log" : name === "kafka" ? "server.log" : "stdout.log");
export const pidFile = (name: string) => join(componentDir(name), `${name}.pid`);

/** JVM options file: one option per line, `#` comments; `${NAME}` filled from `vars`. */
function jvmOptions(file: string, vars: Record<string, string | number> = {}): string[] {
  return fillTemplate(readFileSync(join(CONFIG_DIR, file), "utf8"), vars).split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
}

/** Replaces each `${NAME}` in a config file's text by `vars[NAME]`; fails on one left unfilled. */
export function fillTemplate(text: string, vars: Record<string, string | number>): string {
  let out = text;
  for (const [name, value] of Object.entries(vars)) out = out.replaceAll(`\${${name}}`, String(value));
  const left = /\$\{([A-Z_]+)\}/.exec(out.split("\n").filter((l) => !l.trimStart().startsWith("#")).join("\n"));
  if (left) throw new StackError(`config template: \${${left[1]}} has no value`);
  return out;
}

/**
 * Kafka's cluster id: 16 random bytes, base64url without padding (what `kafka-storage random-uuid` prints).
 * Like Kafka's Uuid.randomUuid, never one starting with '-': the storage tool's argument parser takes
 * `-t -abc…` for a missing value (1 run in 64 failed `stack up` with "expected one argument").
 */
export function kafkaClusterId(random: () => Uint8Array = () => crypto.getRandomValues(new Uint8Array(16))): string {
  for (;;) {
    const id = Buffer.from(random()).toString("base64url");
    if (!id.startsWith("-")) return id;
  }
}

const kafka: Component = {
  name: "kafka",
  address: `127.0.0.1:${port(9092)}`,
  ports: [port(9092), port(9093), port(9404)],
  check: `curl -s 127.0.0.1:${port(9404)}/metrics | grep -c ^kafka_server`,
  readyTimeoutMs: 120_000,
  async prepare() {
    const dir = componentDir("kafka");
    const classpath = await mavenClasspath("kafka", logDir("kafka"));
    const data = join(dir, "data");
    const props = join(dir, "server.properties");
    mkdirSync(data, { recursive: true });
    writeFileSync(props, fillTemplate(readFileSync(join(CONFIG_DIR, "kafka-server.properties"), "utf8"), { KAFKA_DATA: data, KAFKA_PORT: port(9092), KAFKA_CONTROLLER_PORT: port(9093) }));
    const sysProps = [`-Dlog4j2.configurationFile=${join(CONFIG_DIR, "kafka-log4j2.xml")}`, `-Dkafka.logs.dir=${logDir("kafka")}`];
    if (!existsSync(join(data, "meta.properties"))) {
      const res = await runCommand([javaBin(), ...sysProps, "-cp", classpath, "kafka.tools.StorageTool", "format", "-t", kafkaClusterId(), "-c", props, "--standalone"]);
      if (res.code !== 0) throw new StackError(`kafka: formatting ${data} failed: ${(res.stderr || res.stdout).trim().split("\n").pop()}`);
    }
    const agent = jarOnClasspath(classpath, "jmx_prometheus_javaagent");
    return [javaBin(), ...jvmOptions("kafka-jvm.options"), ...sysProps, `-javaagent:${agent}=127.0.0.1:${port(9404)}:${JMX_EXPORTER_CONFIG}`, "-cp", classpath, "kafka.Kafka", props];
  },
  probe: () => kafkaAnswers(`127.0.0.1:${port(9092)}`),
};

const cassandra: Component = {
  name: "cassandra",
  address: `127.0.0.1:${port(9042)}`,
  ports: [port(9042), port(7000), port(7199)],
  check: "bun run cqlsh -e 'DESCRIBE KEYSPACES'",
  readyTimeoutMs: 240_000,
  async prepare() {
    const dir = componentDir("cassandra");
    const classpath = await mavenClasspath("cassandra", logDir("cassandra"));
    const conf = join(dir, "conf");
    mkdirSync(conf, { recursive: true });
    mkdirSync(join(dir, "data"), { recursive: true });
    writeFileSync(join(conf, "cassandra.yaml"), fillTemplate(readFileSync(join(CONFIG_DIR, "cassandra.yaml"), "utf8"), { CASSANDRA_HOME: dir, CASSANDRA_NATIVE_PORT: port(9042), CASSANDRA_STORAGE_PORT: port(7000) }));
    return [
      javaBin(), ...jvmOptions("cassandra-jvm.options", { CASSANDRA_JMX_PORT: port(7199) }),
      `-Dcassandra.config=file://${join(conf, "cassandra.yaml")}`,
      `-Dlogback.configurationFile=file://${join(CONFIG_DIR, "cassandra-logback.xml")}`,
      `-Dcassandra.logdir=${logDir("cassandra")}`,
      `-Dcassandra.storagedir=${join(dir, "data")}`,
      "-cp", classpath, "org.apache.cassandra.service.CassandraDaemon",
    ];
  },
  probe: () => cassandraAnswers(`127.0.0.1:${port(9042)}`),
};

const prometheus: Component = {
  name: "prometheus",
  address: `127.0.0.1:${port(9090)}`,
  ports: [port(9090)],
  check: `curl -s 127.0.0.1:${port(9090)}/api/v1/query --data-urlencode 'query=up'`,
  readyTimeoutMs: 60_000,
  async prepare() {
    await ensureDebianPackages({ prometheus: "prometheus", "prometheus-node-exporter": "prometheus-node-exporter" }, join(STACK_DIR, "logs"));
    // The config and its file_sd targets are read in place from infra/prometheus (shared with compose).
    return [
      "prometheus", `--config.file=${join(PROMETHEUS_SRC, "prometheus.yml")}`,
      `--storage.tsdb.path=${join(componentDir("prometheus"), "data")}`, "--storage.tsdb.retention.time=2d",
      `--web.listen-address=127.0.0.1:${port(9090)}`, "--web.enable-lifecycle",
    ];
  },
  probe: () => httpAnswers(`http://127.0.0.1:${port(9090)}/-/ready`),
};

const nodeExporter: Component = {
  name: "node-exporter",
  address: `127.0.0.1:${port(9100)}`,
  ports: [port(9100)],
  check: `curl -s 127.0.0.1:${port(9100)}/metrics | head`,
  readyTimeoutMs: 30_000,
  async prepare() {
    await ensureDebianPackages({ "prometheus-node-exporter": "prometheus-node-exporter" }, join(STACK_DIR, "logs"));
    const textfiles = join(componentDir("node-exporter"), "textfile");
    mkdirSync(textfiles, { recursive: true });
    return ["prometheus-node-exporter", `--web.listen-address=127.0.0.1:${port(9100)}`, "--collector.textfile", `--collector.textfile.directory=${textfiles}`, "--collector.disable-defaults", "--collector.cpu", "--collector.meminfo", "--collector.loadavg", "--collector.filesystem", "--collector.diskstats", "--collector.netdev", "--collector.stat", "--collector.time", "--collector.uname"];
  },
  probe: () => httpAnswers(`http://127.0.0.1:${port(9100)}/metrics`),
};

/** All servers, in start order (the slowest first; they start in parallel anyway). */
export const COMPONENTS: readonly Component[] = [cassandra, kafka, prometheus, nodeExporter];
