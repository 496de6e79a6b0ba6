/**
 * One fault-suite run: its topics and keyspace on the private stack (through the integration
 * harness's BillingStack), the real producer, consumer and cashback processes (spawned with
 * service-process.ts's startService), a watchdog that restarts a service that died by itself
 * (as `bun run start` would) and `kill -9` for the ones the scenarios kill on purpose.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { type Admin, Kafka, logLevel } from "kafkajs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BillingStack, CONSUMER_ENTRY, PRODUCER_ENTRY } from "../integration/billing-harness.ts";
import { CASHBACK_ENTRY } from "../integration/cashback-harness.ts";
import { RUN_ID, testKeyspace, testTopic } from "../integration/fixture.ts";
import { startService, type RunningService } from "../integration/service-process.ts";
import { CASHBACK_RULES, RATES_ENV } from "./mixed-stream.ts";

export type Role = "producer" | "consumer" | "cashback";
const ENTRY: Record<Role, string> = { producer: PRODUCER_ENTRY, consumer: CONSUMER_ENTRY, cashback: CASHBACK_ENTRY };

/** A service instance the run manages; `svc` changes when it is restarted. */
export interface Slot {
  role: Role;
  id: number;
  svc: RunningService;
  /** The output of its earlier processes (killed or crashed, then restarted), oldest first: kept for the logs. */
  earlier: string[];
  /** Set while the suite kills it on purpose (the watchdog leaves it alone). */
  killing: boolean;
  /** Times it exited by itself and the watchdog restarted it. */
  crashes: number;
  /** Exit codes of those deaths, with the end of their output. */
  crashNotes: string[];
}

export const TOPICS = {
  api: testTopic("faults-api-logs"),
  billing: testTopic("faults-billing-files"),
  logins: testTopic("faults-user-login"),
  analytics: testTopic("faults-user-login-analytics"),
  payments: testTopic("faults-payments"),
  eligible: testTopic("faults-cashback-eligible"),
  dead: testTopic("faults-dead-letters"),
};
export const CONSUMER_GROUP = `tally-faults-consumer-${RUN_ID}`;
export const CASHBACK_GROUP = `tally-faults-cashback-${RUN_ID}`;
export const CONSUMER_TOPICS = [TOPICS.api, TOPICS.billing, TOPICS.logins];
export const CASHBACK_TOPICS = [TOPICS.payments];

/**
 * Writes each service's output (info and up) under `dir`, one file per slot with every process it ran,
 * killed and restarted ones included: the first place to look when a phase is slow.
 */
export function writeServiceLogs(slots: readonly Slot[], dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const slot of slots) {
    const runs = [...slot.earlier, slot.svc.output()];
    writeFileSync(join(dir, `${slot.role}-${slot.id}.log`), runs.map((out, i) => `# process ${i + 1} of ${runs.length}\n${out}`).join("\n"));
  }
}

export class FaultRun {
  readonly stack = new BillingStack(testKeyspace("tally_faults"), [
    ...[TOPICS.api, TOPICS.billing, TOPICS.logins, TOPICS.payments, TOPICS.eligible].map((topic) => ({ topic, partitions: 3 })),
    { topic: TOPICS.analytics, partitions: 1 },
    { topic: TOPICS.dead, partitions: 1 },
  ]);
  dataDir = "";
  /** The suite's own Kafka client (silent: it outlives broker restarts, which the services log already). */
  kafka!: Kafka;
  admin!: Admin;
  readonly slots: Slot[] = [];
  /** Instances killed for good (phase e), for the logs. */
  readonly dropped: Slot[] = [];
  private nextId = 1;
  private watching = false;

  async setUp(): Promise<void> {
    this.dataDir = await mkdtemp(join(tmpdir(), "tally-faults-"));
    await writeFile(join(this.dataDir, "rates.env"), RATES_ENV);
    await writeFile(join(this.dataDir, "rules.json"), JSON.stringify(CASHBACK_RULES));
    await this.stack.setUp();
    this.kafka = new Kafka({ brokers: this.stack.stack.kafkaBrokers, clientId: `faults-${RUN_ID}`, logLevel: logLevel.NOTHING, retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1000 } });
    this.admin = this.kafka.admin();
    await this.admin.connect();
    this.watching = true;
    void this.watch();
  }

  async tearDown(): Promise<void> {
    this.watching = false;
    for (const s of this.slots) s.svc.kill();
    await this.admin?.disconnect().catch(() => {});
    await this.stack.tearDown();
    await rm(this.dataDir, { recursive: true, force: true });
  }

  env(role: Role): Record<string, string> {
    // info: kafkajs logs each group join and crash there, which the recovery timings are read against.
    const common = { ...this.stack.env(), DEAD_LETTER_TOPIC: TOPICS.dead, CONSUME_ON_START: "true", LOG_LEVEL: "info" };
    if (role === "producer") return { ...common, PRODUCE_TOPICS: `${TOPICS.api},${TOPICS.billing}` };
    if (role === "cashback") return { ...common, PAYMENTS_TOPIC: TOPICS.payments, CASHBACK_ELIGIBLE_TOPIC: TOPICS.eligible, CONSUMER_GROUP: CASHBACK_GROUP, CASHBACK_RULES_FILE: join(this.dataDir, "rules.json") };
    return {
      ...common,
      DATA_DIR: this.dataDir,
      RATES_FILE: join(this.dataDir, "rates.env"),
      CONSUME_TOPICS: CONSUMER_TOPICS.join(","),
      API_LOGS_TOPIC: TOPICS.api,
      BILLING_FILES_TOPIC: TOPICS.billing,
      LOGIN_TOPIC: TOPICS.logins,
      LOGIN_ANALYTICS_TOPIC: TOPICS.analytics,
      LOGIN_IDLE_FLUSH_SECONDS: "2",
      CONSUMER_GROUP,
    };
  }

  /** Starts a new instance of `role` (ready when /healthz answers 200; /metrics while a server is away). */
  async start(role: Role, readyPath = "/healthz"): Promise<Slot> {
    const slot: Slot = { role, id: this.nextId++, svc: await startService(ENTRY[role], this.env(role), readyPath), killing: false, crashes: 0, crashNotes: [], earlier: [] };
    this.slots.push(slot);
    return slot;
  }

  /** The live instances of `role`. */
  live(role: Role): Slot[] {
    return this.slots.filter((s) => s.role === role);
  }

  /** The first producer's URL (clients follow it across restarts). */
  producerUrl = (): string => this.live("producer")[0]!.svc.url;

  /** `kill -9 <pid>`, literally; resolves (with the time of the kill) once the process is gone. */
  async kill9(slot: Slot): Promise<number> {
    slot.killing = true;
    const killedAt = Date.now();
    Bun.spawnSync(["kill", "-9", String(slot.svc.proc.pid)]);
    await slot.svc.proc.exited;
    return killedAt;
  }

  /** Starts a killed instance again (ready on `readyPath`). */
  async restart(slot: Slot, readyPath = "/metrics"): Promise<void> {
    slot.earlier.push(slot.svc.output());
    slot.svc = await startService(ENTRY[slot.role], this.env(slot.role), readyPath);
    slot.killing = false;
  }

  /** Forgets a killed instance that stays dead (its output stays for the logs). */
  drop(slot: Slot): void {
    this.slots.splice(this.slots.indexOf(slot), 1);
    this.dropped.push(slot);
  }

  /** Restarts a service that exited without being killed by the suite (the supervisor's job), noting why. */
  private async watch(): Promise<void> {
    while (this.watching) {
      for (const slot of this.slots) {
        if (slot.killing || slot.svc.proc.exitCode === null) continue;
        slot.killing = true;
        slot.crashes++;
        slot.crashNotes.push(`exit ${slot.svc.proc.exitCode}: ${slot.svc.output().trim().split("\n").slice(-2).join(" | ").slice(0, 400)}`);
        try {
          await Bun.sleep(1000); // the supervisor's first backoff
          slot.earlier.push(slot.svc.output());
          slot.svc = await startService(ENTRY[slot.role], this.env(slot.role), "/metrics");
        } catch (err) {
          slot.crashNotes.push(`restart failed: ${String(err).slice(0, 300)}`);
        }
        slot.killing = false;
      }
      await Bun.sleep(300);
    }
  }
}
