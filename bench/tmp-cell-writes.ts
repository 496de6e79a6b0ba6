import cassandra from "cassandra-driver";
const c = new cassandra.Client({ contactPoints: ["127.0.0.1:9042"], localDataCenter: "datacenter1" });
await c.connect();
await c.execute("CREATE KEYSPACE IF NOT EXISTS tmpcw WITH replication = {'class':'SimpleStrategy','replication_factor':1}");
await c.execute("CREATE TABLE IF NOT EXISTS tmpcw.a (topic text, window_start timestamp, partition int, record_type text, counts frozen<list<frozen<tuple<text,bigint>>>>, next_offset bigint, PRIMARY KEY ((topic, window_start), partition, record_type))");
await c.execute("CREATE TABLE IF NOT EXISTS tmpcw.b (topic text, window_start timestamp, partition int, record_type text, vals frozen<list<text>>, counts frozen<list<bigint>>, next_offset bigint, PRIMARY KEY ((topic, window_start), partition, record_type))");
await c.execute("CREATE TABLE IF NOT EXISTS tmpcw.c (topic text, window_start timestamp, partition int, record_type text, value text, count bigint, next_offset bigint, PRIMARY KEY ((topic, window_start), partition, record_type, value))");
await c.execute("CREATE TABLE IF NOT EXISTS tmpcw.d (topic text, window_start timestamp, partition int, blob blob, next_offset bigint, PRIMARY KEY ((topic, window_start), partition))");
await c.execute("CREATE TABLE IF NOT EXISTS tmpcw.e (topic text, window_start timestamp, partition int, counts frozen<list<frozen<tuple<text,text,bigint>>>>, next_offset bigint, PRIMARY KEY ((topic, window_start), partition))");
await c.execute("CREATE TABLE IF NOT EXISTS tmpcw.f (topic text, window_start timestamp, partition int, types frozen<list<text>>, vals frozen<list<text>>, counts frozen<list<bigint>>, next_offset bigint, PRIMARY KEY ((topic, window_start), partition))");
const L = cassandra.types.Long;
const W = 55, DEV = 5, LOC = 48;
const opts = { prepare: true, logged: false, consistency: cassandra.types.consistencies.localQuorum } as const;
const locales = Array.from({ length: LOC }, (_, i) => `loc_${i}`);
const devs = Array.from({ length: DEV }, (_, i) => `dev_${i}`);
let base = 0;
async function runA(p: number) {
  const q = "INSERT INTO tmpcw.a (topic, window_start, partition, record_type, counts, next_offset) VALUES (?, ?, ?, ?, ?, ?)";
  await Promise.all(Array.from({ length: W }, (_, w) => c.batch([
    ["device_type", devs], ["locale", locales], ["total", [""]],
  ].map(([rt, vs]) => ({ query: q, params: ["t", new Date((base + w) * 20000), p, rt, (vs as string[]).map((v, i) => new cassandra.types.Tuple(v, L.fromNumber(i * 7 + 1))), L.fromNumber(12345)] })), opts)));
}
async function runB(p: number) {
  const q = "INSERT INTO tmpcw.b (topic, window_start, partition, record_type, vals, counts, next_offset) VALUES (?, ?, ?, ?, ?, ?, ?)";
  await Promise.all(Array.from({ length: W }, (_, w) => c.batch([
    ["device_type", devs], ["locale", locales], ["total", [""]],
  ].map(([rt, vs]) => ({ query: q, params: ["t", new Date((base + w) * 20000), p, rt, vs, (vs as string[]).map((_, i) => L.fromNumber(i * 7 + 1)), L.fromNumber(12345)] })), opts)));
}
async function runC(p: number) {
  const q = "INSERT INTO tmpcw.c (topic, window_start, partition, record_type, value, count, next_offset) VALUES (?, ?, ?, ?, ?, ?, ?)";
  await Promise.all(Array.from({ length: W }, (_, w) => c.batch([
    ...devs.map((v) => ["device_type", v]), ...locales.map((v) => ["locale", v]), ["total", ""],
  ].map(([rt, v], i) => ({ query: q, params: ["t", new Date((base + w) * 20000), p, rt, v, L.fromNumber(i * 7 + 1), L.fromNumber(12345)] })), opts)));
}
async function runD(p: number) {
  const q = "INSERT INTO tmpcw.d (topic, window_start, partition, blob, next_offset) VALUES (?, ?, ?, ?, ?)";
  await Promise.all(Array.from({ length: W }, (_, w) => c.execute(q, ["t", new Date((base + w) * 20000), p, Buffer.from(JSON.stringify({ d: devs, l: locales })), L.fromNumber(12345)], opts)));
}
async function runE(p: number) {
  const q = "INSERT INTO tmpcw.e (topic, window_start, partition, counts, next_offset) VALUES (?, ?, ?, ?, ?)";
  const all = [...devs.map((v) => ["device_type", v]), ...locales.map((v) => ["locale", v]), ["total", ""]];
  await Promise.all(Array.from({ length: W }, (_, w) => c.execute(q, ["t", new Date((base + w) * 20000), p, all.map(([a, b], i) => new cassandra.types.Tuple(a, b, L.fromNumber(i * 7 + 1))), L.fromNumber(12345)], opts)));
}
async function runF(p: number) {
  const q = "INSERT INTO tmpcw.f (topic, window_start, partition, types, vals, counts, next_offset) VALUES (?, ?, ?, ?, ?, ?, ?)";
  const all = [...devs.map((v) => ["device_type", v]), ...locales.map((v) => ["locale", v]), ["total", ""]];
  await Promise.all(Array.from({ length: W }, (_, w) => c.execute(q, ["t", new Date((base + w) * 20000), p, all.map((x) => x[0]), all.map((x) => x[1]), all.map((_, i) => L.fromNumber(i * 7 + 1)), L.fromNumber(12345)], opts)));
}
const fns = { E: runE, F: runF, A: runA, B: runB, C: runC, D: runD } as Record<string, (p: number) => Promise<void>>;
const res: Record<string, number[]> = { E: [], F: [], A: [], B: [], C: [], D: [] };
for (let round = 0; round < 8; round++) {
  for (const k of Object.keys(fns)) {
    base += W;
    const t = performance.now();
    await Promise.all([0, 1, 2].map((p) => fns[k]!(p)));
    res[k]!.push(performance.now() - t);
  }
}
for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k, "median ms", v[v.length >> 1]!.toFixed(1), "all", v.map((x) => x.toFixed(0)).join(" ")); }
await c.shutdown();
