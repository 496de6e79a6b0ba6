/**
 * The fault suite (issue 12, item 7): a mixed stream — api-log lines, login events, billing files,
 * payments — on a private real stack, in five phases, each under one fault: (a) consumer and cashback
 * `kill -9` many times at random points, (b) producer `kill -9` while clients retry with
 * Idempotency-Key, (c) the broker restarts, (d) Cassandra is stopped for 30 s, (e) a second consumer
 * joins and one of two dies. After each phase every total (api usage per user, billing per company,
 * login counts per window cell, cashback per customer) must equal the ground truth computed from the
 * events sent so far, and recovery is timed from Kafka's committed offsets.
 * Run with `bun run test:faults` (never plain `bun test`: it stops servers). Sizes from FAULTS_* variables.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Producer } from "kafkajs";
import { assertPrivateStack, stackCtl } from "./fault-stack.ts";
import { CASHBACK_GROUP, CASHBACK_TOPICS, CONSUMER_GROUP, CONSUMER_TOPICS, FaultRun, TOPICS, writeServiceLogs, type Role, type Slot } from "./fault-run.ts";
import { chunks, newStats, paced, produceWithKey, sendToKafka, type FeedStats } from "./feeders.ts";
import { diff, groundTruth } from "./ground-truth.ts";
import { assignments, progressRetrying, timeToResume, timeToTakeOver, waitCaughtUp } from "./group-progress.ts";
import { timeToFirstCommit, timeToHealthy } from "./reconnect.ts";
import { keyCopies } from "./key-copies.ts";
import { buildPhase, LOGIN_CHUNK, loginRange, phaseEvents, phaseSizes, prng, type Phase } from "./mixed-stream.ts";
import { RUN_ID } from "../integration/fixture.ts";
import { readTotals } from "./read-totals.ts";
import { renderReport, type ScenarioResult, writeReport } from "./report.ts";

assertPrivateStack();

const EVENTS = Number(process.env.FAULTS_EVENTS ?? 1_000_000);
const KILLS = Number(process.env.FAULTS_KILLS ?? 20);
const PRODUCER_KILLS = Number(process.env.FAULTS_PRODUCER_KILLS ?? 10);
const OUTAGE_S = Number(process.env.FAULTS_CASSANDRA_OUTAGE_S ?? 30);
const SEED = Number(process.env.FAULTS_SEED ?? Math.floor(Math.random() * 1e9));
const RESUME_TARGET_MS = 15_000;
const RECONNECT_TARGET_MS = 5_000;
/** After an outage, the backlog it gathered must be worked off within this (a stall, not a speed target). */
const BACKLOG_BOUND_MS = 30_000;
const CUSTOMERS = Array.from({ length: 40 }, (_, i) => `cust_${i}`);

const sizes = phaseSizes(EVENTS, 5);
// Phase b sends small messages, many at once, so requests are in flight whenever the producer dies.
const phases: Phase[] = sizes.map((s, i) => buildPhase(i, s, SEED, RUN_ID, i === 1 ? 10 : 200));
const rnd = prng(SEED);
const between = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo));
const run = new FaultRun();
const results: ScenarioResult[] = [];
let kafkaProducer: Producer;

beforeAll(async () => {
  console.error(`faults: ${EVENTS} events (seed ${SEED}), ${KILLS} consumer kills, ${PRODUCER_KILLS} producer kills, Cassandra outage ${OUTAGE_S} s`);
  await run.setUp();
  kafkaProducer = run.kafka.producer({ allowAutoTopicCreation: false });
  await kafkaProducer.connect();
  await Promise.all([run.start("producer"), run.start("consumer"), run.start("cashback")]);
}, 180_000);

afterAll(async () => {
  await kafkaProducer?.disconnect().catch(() => {});
  const file = await writeReport(results, { events: EVENTS, seed: SEED });
  console.error(`faults: report in ${file}`);
  writeServiceLogs([...run.slots, ...run.dropped], join(dirname(file), "faults-logs"));
  await run.tearDown();
}, 120_000);

interface Feed {
  finished: Promise<void>;
  hurry: () => void;
  remaining: () => number;
  api: FeedStats;
  kafka: FeedStats;
}

/** Starts sending phase `p` over `durationMs`: files and api logs through the producer, logins and payments to Kafka. */
async function feed(p: Phase, durationMs: number, opts: { apiConcurrency: number; loginsFirst?: boolean }): Promise<Feed> {
  const api = newStats();
  const kafka = newStats();
  fed.push(p);
  for (const f of p.billingFiles) await writeFile(join(run.dataDir, f.name), f.text);
  const loginChunks = p.logins.flatMap((values, partition) => chunks(values, LOGIN_CHUNK).map((c, i) => ({ i, partition, c }))).sort((a, b) => a.i - b.i || a.partition - b.partition);
  const sendLogins = (x: { partition: number; c: string[] }) => sendToKafka(kafkaProducer, TOPICS.logins, x.c, x.partition, false, kafka);
  if (opts.loginsFirst) for (const x of loginChunks) await sendLogins(x);
  const viaProducer = [
    ...p.apiMessages.map((m) => ({ topic: TOPICS.api, message: m.text, key: m.key })),
    ...p.billingFiles.map((f) => ({ topic: TOPICS.billing, message: f.name, key: `faults-${RUN_ID}-${f.name}` })),
  ].sort(() => rnd() - 0.5);
  const runs = [
    paced(viaProducer, durationMs, opts.apiConcurrency, (m) => produceWithKey(run.producerUrl, m.topic, m.message, m.key, api)),
    // Payments are deduplicated by transaction id, so a send that failed half-way may be repeated.
    paced(chunks(p.payments, 50), durationMs, 1, (c) => sendToKafka(kafkaProducer, TOPICS.payments, c, undefined, true, kafka)),
    // Login events are counted, not deduplicated: never resent (they are sent while the broker is up).
    ...(opts.loginsFirst ? [] : [paced(loginChunks, durationMs, 1, sendLogins)]),
  ];
  return {
    finished: Promise.all(runs.map((r) => r.finished)).then(() => undefined),
    hurry: () => runs.forEach((r) => r.hurry()),
    remaining: () => runs.reduce((n, r) => n + r.remaining(), 0),
    api,
    kafka,
  };
}

/** Keeps a scenario's result for the report and prints it at once. */
function record(r: ScenarioResult): void {
  results.push(r);
  console.error(renderReport([r], { events: EVENTS, seed: SEED }).split("\n").slice(4).join("\n"));
}

/** The phases sent so far (a run filtered with `-t` sends only some). */
const fed: Phase[] = [];

/** Waits until both groups committed everything, then until every total equals the ground truth of the phases sent (or 90 s). */
async function settle(): Promise<{ diffs: string[]; settleMs: number }> {
  const t0 = Date.now();
  await Promise.all([waitCaughtUp(run.admin, CONSUMER_GROUP, CONSUMER_TOPICS, 300_000), waitCaughtUp(run.admin, CASHBACK_GROUP, CASHBACK_TOPICS, 300_000)]);
  const expected = groundTruth(fed);
  const ranges = fed.map((p) => loginRange(p.index, sizes[p.index]!.logins));
  let diffs: string[] = ["not read"];
  for (const deadline = Date.now() + 90_000; Date.now() < deadline; await Bun.sleep(1000)) {
    try {
      const actual = await readTotals(run.live("consumer")[0]!.svc.url, run.live("cashback")[0]!.svc.url, ranges, CUSTOMERS);
      diffs = [
        ...diff("api-usage user", expected.apiUsage, actual.apiUsage),
        ...diff("billing company", expected.billing, actual.billing),
        ...diff("login cell", expected.logins, actual.logins),
        ...diff("cashback customer", expected.cashback, actual.cashback),
        ...(actual.notFinal > 0 ? [`${actual.notFinal} login rows not final`] : []),
      ];
    } catch (err) {
      diffs = [`reading totals failed: ${String(err).slice(0, 300)}`];
    }
    if (diffs.length === 0) break;
  }
  return { diffs, settleMs: Date.now() - t0 };
}

/**
 * kill -9 one instance. With `restart` it is started again at once and the result is the ms until
 * every partition of its group with work committed again; without, the ms until the surviving member
 * holds the dead one's partitions and has committed on each that has work.
 */
async function killAndTime(slot: Slot, restart: boolean): Promise<number | null> {
  const group = slot.role === "cashback" ? CASHBACK_GROUP : CONSUMER_GROUP;
  const topics = slot.role === "cashback" ? CASHBACK_TOPICS : CONSUMER_TOPICS;
  const before = restart ? null : await assignments(run.admin, group);
  const killedAt = await run.kill9(slot);
  const baseline = await progressRetrying(run.admin, group, topics);
  if (!restart) {
    run.drop(slot);
    return (await timeToTakeOver(run.admin, group, topics, before!, baseline, killedAt)).ms;
  }
  const back = run.restart(slot);
  const ms = await timeToResume(run.admin, group, topics, baseline, killedAt);
  await back;
  return ms;
}

/**
 * After a server answered again at `back`, for the consumer's and cashback's groups: the first commit
 * past where each stood then, and when every partition with work commits again (ms after `back`).
 */
async function groupsBack(back: number) {
  const [consumerBase, cashbackBase] = await Promise.all([progressRetrying(run.admin, CONSUMER_GROUP, CONSUMER_TOPICS), progressRetrying(run.admin, CASHBACK_GROUP, CASHBACK_TOPICS)]);
  const [consumerFirst, cashbackFirst, consumer, cashback] = await Promise.all([
    timeToFirstCommit(run.admin, CONSUMER_GROUP, CONSUMER_TOPICS, consumerBase, back),
    timeToFirstCommit(run.admin, CASHBACK_GROUP, CASHBACK_TOPICS, cashbackBase, back),
    timeToResume(run.admin, CONSUMER_GROUP, CONSUMER_TOPICS, consumerBase, back),
    timeToResume(run.admin, CASHBACK_GROUP, CASHBACK_TOPICS, cashbackBase, back),
  ]);
  return { consumerFirst, cashbackFirst, consumer, cashback };
}

const crashes = () => run.slots.filter((s) => s.crashes > 0).map((s) => `${s.role}#${s.id} died by itself ${s.crashes}× (${s.crashNotes.join("; ")})`);
const fmt = (ms: number | null) => (ms === null ? "none within 90 s" : `${(ms / 1000).toFixed(1)} s`);
const sec = (xs: (number | null)[]) => xs.map(fmt).join(", ");
const worst = (xs: (number | null)[]) => (xs.some((x) => x === null) ? Infinity : Math.max(0, ...(xs as number[])));

describe("fault suite", () => {
  test("(a) consumer and cashback kill -9 at random points", async () => {
    const t0 = Date.now();
    const p = phases[0]!;
    const f = await feed(p, KILLS * 15_000, { apiConcurrency: 4 });
    const loop = async (role: Role, n: number) => {
      const times: (number | null)[] = [];
      for (let k = 0; k < n && f.remaining() > 0; k++) {
        await Bun.sleep(between(1000, 6000));
        times.push(await killAndTime(run.live(role)[0]!, true));
      }
      return times;
    };
    const [consumer, cashback] = await Promise.all([loop("consumer", KILLS), loop("cashback", Math.ceil(KILLS / 2))]);
    f.hurry();
    await f.finished;
    const { diffs, settleMs } = await settle();
    record({
      name: "(a) consumer kill -9",
      events: phaseEvents(p),
      faults: `${consumer.length} consumer + ${cashback.length} cashback kill -9`,
      diffs,
      recovery: [`consumer: every partition with work committing again ${sec(consumer)} after each kill`, `cashback: the same, ${sec(cashback)}`],
      notes: [`settled ${fmt(settleMs)} after the feed`, ...crashes()],
      seconds: (Date.now() - t0) / 1000,
    });
    expect(diffs).toEqual([]);
    expect(consumer.length).toBe(KILLS);
    expect(worst(consumer)).toBeLessThanOrEqual(RESUME_TARGET_MS);
    expect(worst(cashback)).toBeLessThanOrEqual(RESUME_TARGET_MS);
  }, 1_800_000);

  test("(b) producer kill -9 while clients retry with Idempotency-Key", async () => {
    const t0 = Date.now();
    const p = phases[1]!;
    const f = await feed(p, PRODUCER_KILLS * 1500, { apiConcurrency: 50 });
    const restarts: number[] = [];
    for (let k = 0; k < PRODUCER_KILLS; k++) {
      await Bun.sleep(between(300, 1500));
      const slot = run.live("producer")[0]!;
      await run.kill9(slot);
      const s = Date.now();
      await run.restart(slot, "/healthz");
      restarts.push(Date.now() - s);
    }
    f.hurry();
    await f.finished;
    const { diffs, settleMs } = await settle();
    const copies = await keyCopies(run.kafka, TOPICS.api);
    record({
      name: "(b) producer kill -9, clients retry",
      events: phaseEvents(p),
      faults: `${PRODUCER_KILLS} producer kill -9; ${f.api.attempts} POST /produce, ${f.api.failedAttempts} failed and retried`,
      diffs,
      recovery: [`producer answering again ${sec(restarts)} after each kill (restart by the suite)`],
      notes: [
        `api-logs topic (all phases so far): ${copies.messages} messages, ${copies.withKey} with an idempotency-key header, ${copies.repeatedKeys} keys written more than once (${copies.extraCopies} extra copies)${copies.extraCopies > 0 ? (diffs.length === 0 ? ", each billed once" : "") : " — no copy arose, so this run did not exercise the consumer's dedupe"}`,
        `settled ${fmt(settleMs)} after the feed`,
        ...crashes(),
      ],
      seconds: (Date.now() - t0) / 1000,
    });
    expect(diffs).toEqual([]);
  }, 900_000);

  test("(c) the broker restarts", async () => {
    const t0 = Date.now();
    const p = phases[2]!;
    const f = await feed(p, 50_000, { apiConcurrency: 8, loginsFirst: true });
    await Bun.sleep(8000);
    const stopMs = await stackCtl("stop", "kafka");
    await Bun.sleep(5000);
    const startMs = await stackCtl("start", "kafka");
    const back = Date.now();
    f.api.markMs = back;
    f.kafka.markMs = back;
    const { consumerFirst, cashbackFirst, consumer, cashback } = await groupsBack(back);
    f.hurry();
    await f.finished;
    const producer = f.api.firstSuccessAfterMark === null ? null : f.api.firstSuccessAfterMark - back;
    const { diffs, settleMs } = await settle();
    record({
      name: "(c) broker restart",
      events: phaseEvents(p),
      faults: `Kafka stopped (SIGTERM, ${fmt(stopMs)}), down 5 s, started (answering after ${fmt(startMs)}); ${f.api.failedAttempts} POST /produce retried`,
      diffs,
      recovery: [
        `after Kafka answered again: producer 202 in ${fmt(producer)}; first commit: consumer ${fmt(consumerFirst)}, cashback ${fmt(cashbackFirst)}`,
        `every partition with work committing again: consumer ${fmt(consumer)}, cashback ${fmt(cashback)}`,
      ],
      notes: [`settled ${fmt(settleMs)} after the feed`, ...crashes()],
      seconds: (Date.now() - t0) / 1000,
    });
    expect(diffs).toEqual([]);
    expect(worst([producer, consumerFirst, cashbackFirst])).toBeLessThanOrEqual(RECONNECT_TARGET_MS);
    expect(worst([consumer, cashback])).toBeLessThanOrEqual(BACKLOG_BOUND_MS);
  }, 900_000);

  test(`(d) Cassandra stopped for ${OUTAGE_S} s`, async () => {
    const t0 = Date.now();
    const p = phases[3]!;
    const f = await feed(p, (OUTAGE_S + 40) * 1000, { apiConcurrency: 8 });
    await Bun.sleep(5000);
    const stopMs = await stackCtl("stop", "cassandra");
    await Bun.sleep(OUTAGE_S * 1000);
    const startMs = await stackCtl("start", "cassandra");
    const back = Date.now();
    const [healthy, { consumerFirst, cashbackFirst, consumer, cashback }] = await Promise.all([
      timeToHealthy([...run.live("consumer"), ...run.live("cashback")].map((s) => s.svc.url), back),
      groupsBack(back),
    ]);
    f.hurry();
    await f.finished;
    const { diffs, settleMs } = await settle();
    record({
      name: `(d) Cassandra down ${OUTAGE_S} s`,
      events: phaseEvents(p),
      faults: `Cassandra stopped (SIGTERM, ${fmt(stopMs)}), down ${OUTAGE_S} s, started (answering after ${fmt(startMs)})`,
      diffs,
      recovery: [
        `after Cassandra answered again: reconnected (every consumer and cashback /healthz 200) in ${fmt(healthy)}; first commit: consumer ${fmt(consumerFirst)}, cashback ${fmt(cashbackFirst)}`,
        `every partition with work committing again (the outage's backlog worked off): consumer ${fmt(consumer)}, cashback ${fmt(cashback)}`,
      ],
      notes: [`settled ${fmt(settleMs)} after the feed`, ...crashes()],
      seconds: (Date.now() - t0) / 1000,
    });
    expect(diffs).toEqual([]);
    // The target is the reconnect; the backlog takes as long as it is big (bounded to catch a stall).
    expect(worst([healthy, consumerFirst, cashbackFirst])).toBeLessThanOrEqual(RECONNECT_TARGET_MS);
    expect(worst([consumer, cashback])).toBeLessThanOrEqual(BACKLOG_BOUND_MS);
  }, 900_000);

  test("(e) a second consumer joins, then one of the two dies", async () => {
    const t0 = Date.now();
    const p = phases[4]!;
    const f = await feed(p, 60_000, { apiConcurrency: 8 });
    await Bun.sleep(3000);
    await Promise.all([run.start("consumer"), run.start("cashback")]);
    await Bun.sleep(15_000); // both members hold partitions
    const victim = (role: Role) => run.live(role)[between(0, 2)]!;
    const [consumer, cashback] = await Promise.all([killAndTime(victim("consumer"), false), killAndTime(victim("cashback"), false)]);
    f.hurry();
    await f.finished;
    const { diffs, settleMs } = await settle();
    record({
      name: "(e) second member joins, one dies",
      events: phaseEvents(p),
      faults: "consumer and cashback each: a second instance joined the group, then one of the two (at random) got kill -9, not restarted",
      diffs,
      recovery: [`after the kill, the survivor holding the dead member's partitions and committing on each with work: consumer ${fmt(consumer)}, cashback ${fmt(cashback)}`],
      notes: [`settled ${fmt(settleMs)} after the feed`, ...crashes()],
      seconds: (Date.now() - t0) / 1000,
    });
    expect(diffs).toEqual([]);
    expect(worst([consumer, cashback])).toBeLessThanOrEqual(RESUME_TARGET_MS);
  }, 900_000);
});
