import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SERVICE_RUNTIME_ENV } from "../../scripts/services.ts";

// compose cannot run on our machines (no Docker engine); these checks keep it in step with the local stack.
const here = import.meta.dir;
const compose = Bun.YAML.parse(readFileSync(join(here, "compose.yml"), "utf8")) as { services: Record<string, any> };
const mounts = Object.values(compose.services).flatMap((s) => (s.volumes ?? []) as string[]).filter((v) => v.startsWith("."));

describe("compose shares config with the local stack", () => {
  test("schema, topic list, JMX rules and Prometheus config are mounted from infra/, not copied", () => {
    const sources = mounts.map((m) => resolve(here, m.split(":")[0]!));
    for (const shared of ["../cassandra/schema.cql", "../kafka/topics.txt", "../kafka/jmx-exporter.yaml", "../prometheus"]) {
      expect(sources).toContain(resolve(here, shared));
    }
    for (const s of sources) expect(existsSync(s)).toBe(true);
  });
  test("compose scrape targets cover exactly the local jobs", () => {
    const local = readdirSync(join(here, "../prometheus/targets")).sort();
    expect(readdirSync(join(here, "../prometheus/compose-targets")).sort()).toEqual(local);
    expect(local).toEqual(["cashback.json", "consumer.json", "kafka.json", "node.json", "producer.json"]);
  });
  test("every service waits for healthy dependencies and has a healthcheck", () => {
    for (const name of ["producer", "consumer", "cashback"]) {
      const svc = compose.services[name];
      expect(svc.healthcheck).toBeDefined();
      expect(svc.depends_on["kafka-init"].condition).toBe("service_completed_successfully");
    }
    expect(compose.services["kafka-init"].depends_on.kafka.condition).toBe("service_healthy");
    expect(compose.services["cassandra-init"].depends_on.cassandra.condition).toBe("service_healthy");
  });
  test("the image starts the services with the same runtime settings as `bun run start`", () => {
    const env = Object.fromEntries(
      [...readFileSync(join(here, "Dockerfile"), "utf8").matchAll(/^ENV (\w+)=(\S+)$/gm)].map((m) => [m[1]!, m[2]!]),
    );
    for (const [name, value] of Object.entries(SERVICE_RUNTIME_ENV)) expect([name, env[name]]).toEqual([name, value]);
  });
});

describe("Grafana dashboard", () => {
  const dashboard = JSON.parse(readFileSync(join(here, "../prometheus/grafana/dashboards/tally-overview.json"), "utf8")) as { panels: { targets: { expr: string }[] }[] };
  test("is provisioned by compose from infra/prometheus/grafana", () => {
    const grafana = (compose.services.grafana.volumes as string[]).map((v) => resolve(here, v.split(":")[0]!));
    expect(grafana).toContain(resolve(here, "../prometheus/grafana/dashboards"));
  });
  test("queries only metrics the services or exporters actually define", () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join("\n");
    for (const name of exprs.match(/\b(tally_[a-z_]+|device_type_count|locale_count|total_count)\b/g) ?? []) {
      const base = name.replace(/_(bucket|sum|count)$/, "");
      const grep = Bun.spawnSync(["grep", "-rlq", "--include=*.ts", "--exclude=*.test.ts", `"${base}"`, resolve(here, "../../packages"), resolve(here, "../../services")]);
      expect({ name: base, defined: grep.exitCode === 0 }).toEqual({ name: base, defined: true });
    }
  });

  test("recording rules the dashboard queries exist in infra/prometheus/rules", () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join("\n");
    const rules = readFileSync(join(here, "../prometheus/rules/tally.yml"), "utf8");
    const used = exprs.match(/\btally:[a-z_:0-9]+/g) ?? [];
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(rules).toContain(`record: ${name}`);
  });
});

describe("the cluster profile (compose.cluster.yml over compose.yml)", () => {
  const cluster = Bun.YAML.parse(readFileSync(join(here, "compose.cluster.yml"), "utf8")) as { services: Record<string, any> };
  const s = cluster.services;
  test("three KRaft brokers: one cluster id, node ids 1–3, all three voters, replication 3 and min.insync.replicas 2", () => {
    const brokers = ["kafka", "kafka-2", "kafka-3"].map((n) => s[n].environment);
    expect(brokers.map((e) => e.KAFKA_NODE_ID)).toEqual([1, 2, 3]);
    expect(new Set(brokers.map((e) => e.CLUSTER_ID)).size).toBe(1);
    expect(brokers[0].CLUSTER_ID).toMatch(/^[A-Za-z0-9_-]{22}$/); // 16 bytes, base64url: what kafka-storage accepts
    for (const e of brokers) {
      expect(e.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe("1@kafka:9093,2@kafka-2:9093,3@kafka-3:9093");
      expect([e.KAFKA_DEFAULT_REPLICATION_FACTOR, e.KAFKA_MIN_INSYNC_REPLICAS, e.KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR]).toEqual([3, 2, 3]);
    }
    // Each broker advertises the host port compose publishes for it.
    for (const n of ["kafka-2", "kafka-3"]) expect(s[n].environment.KAFKA_ADVERTISED_LISTENERS).toContain(`localhost:${s[n].ports[0].split(":")[0]}`);
    expect(s["kafka-init"].environment).toMatchObject({ REPLICATION_FACTOR: "3", MIN_INSYNC_REPLICAS: "2" });
  });
  test("the topic script creates topics with the replication settings it is given", () => {
    const script = compose.services["kafka-init"].command[0] as string;
    expect(script).toContain('--replication-factor "$$REPLICATION_FACTOR"');
    expect(script).toContain('min.insync.replicas="$$MIN_INSYNC_REPLICAS"');
    expect(compose.services["kafka-init"].environment).toMatchObject({ REPLICATION_FACTOR: "1", MIN_INSYNC_REPLICAS: "1" });
  });
  test("three Cassandra nodes seeded by the first, joining one at a time; the shared schema at replication factor 3", () => {
    for (const n of ["cassandra-2", "cassandra-3"]) expect(s[n].environment.CASSANDRA_SEEDS).toBe("cassandra");
    expect(s["cassandra-3"].depends_on["cassandra-2"].condition).toBe("service_healthy");
    expect(s["cassandra-init"].environment.REPLICATION_FACTOR).toBe("3");
    // cassandra-init's sed, applied here to the real schema file: the keyspace must come out at RF 3.
    const script = compose.services["cassandra-init"].command[0] as string;
    const m = /sed "s\/(.+?)\/(.+?)\/"/.exec(script)!;
    const schema = readFileSync(join(here, "../cassandra/schema.cql"), "utf8");
    const out = schema.replace(m[1]!, m[2]!.replace("$$REPLICATION_FACTOR", "3"));
    expect(out).toContain("'replication_factor': 3}");
    expect(out).not.toContain("'replication_factor': 1}");
  });
  test("every service gets all brokers, all contact points and QUORUM writes", () => {
    for (const n of ["producer", "consumer", "cashback"]) {
      expect(s[n].environment.KAFKA_BROKERS.split(",")).toHaveLength(3);
      expect(s[n].environment.CASSANDRA_CONTACT_POINTS.split(",")).toHaveLength(3);
      expect(s[n].environment.CASSANDRA_CONSISTENCY).toBe("LOCAL_QUORUM");
    }
  });
  test("the extra brokers mount the shared JMX rules", () => {
    for (const n of ["kafka-2", "kafka-3"]) expect((s[n].volumes as string[]).map((v) => resolve(here, v.split(":")[0]!))).toContain(resolve(here, "../kafka/jmx-exporter.yaml"));
  });
});
