import type { Sink } from "@tally/pipeline";
import { kafkaSink } from "@tally/pipeline/kafka";
import { connectOnce } from "@tally/http-kit/kafka";
import type { Producer } from "kafkajs";
import type { ClaimedPayment } from "../ledger/claim-once.ts";
import type { CashbackMetrics } from "../metrics.ts";
import { eligibleMessage } from "./eligible-message.ts";

/**
 * Produces one message per claimed payment to the eligible topic (acks from all in-sync replicas),
 * connecting the service's producer on first use so the service starts while Kafka is down. It
 * runs after the ledger claim: the topic never gets ahead of Cassandra.
 */
export function eligibleTopicSink(producer: Producer, topic: string, metrics: CashbackMetrics): Sink<ClaimedPayment> {
  const connect = connectOnce(() => producer.connect());
  const sink = kafkaSink<ClaimedPayment>({ producer, topic, encode: (c) => eligibleMessage(c.row) });
  return {
    async write(items, ctx) {
      await connect().catch((error: unknown) => {
        throw Object.assign(new Error(`kafka connect failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }), { retriable: true });
      });
      await sink.write(items, ctx);
      ctx.onWritten(() => metrics.published(items.length));
    },
  };
}
