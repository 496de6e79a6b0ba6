// One whole-process read of a topic with a given kafkajs (bench/kafkajs-patch-ab.ts runs it):
// `bun bench/kafkajs-consume.cjs <kafkajs index.js> <topic> <count>` prints `<messages/s> <cpu ms>`.
const { Kafka, logLevel } = require(process.argv[2]);
const [topic, count] = [process.argv[3], Number(process.argv[4])];
const kafka = new Kafka({ brokers: [process.env.KAFKA_BROKERS || "127.0.0.1:9092"], clientId: "kafkajs-ab", logLevel: logLevel.NOTHING });
(async () => {
  const consumer = kafka.consumer({ groupId: `kafkajs-ab-${Date.now()}-${Math.random()}`, maxWaitTimeInMs: 100, maxBytesPerPartition: 8 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  let started = 0;
  let cpu0;
  let done;
  const finished = new Promise((resolve) => (done = resolve));
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachBatch: async ({ batch }) => {
      if (!started) (started = performance.now()), (cpu0 = process.cpuUsage());
      if ((seen += batch.messages.length) >= count) done();
    },
  });
  await finished;
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  console.log(`${Math.round(count / seconds)} ${Math.round((cpu.user + cpu.system) / 1000)}`);
  await consumer.disconnect();
  process.exit(0);
})();
