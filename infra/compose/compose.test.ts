import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

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
