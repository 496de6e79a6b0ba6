import { filter, flatMap, pipeline, sideOutput } from "@tally/pipeline";
import { kafkaJob, kafkaTopic, type KafkaJob } from "@tally/pipeline/kafka";
import { eligibleTopicSink } from "../eligible/eligible-topic-sink.ts";
import { errorsSink } from "../errors-table/errors-sink.ts";
import { claimOnce, toPublish } from "../ledger/claim-once.ts";
import { cassandraLedger } from "../ledger/ledger-store.ts";
import type { JobWiring } from "../job-wiring.ts";
import { isInvalid } from "../payments/payment.ts";
import { readPayments } from "../payments/read-payments.ts";
import { earnCashback } from "../rules/earn-cashback.ts";

/**
 * cashback (seed 004): payments → cashback, each transaction paid at most once. Records are read
 * exactly (invalid ones go to the errors table whole, with their reason), the rules pick the
 * eligible ones and their cashback, each transaction id is claimed once in the Cassandra ledger
 * (a redelivery or a copy is not paid again; other contents under a paid id are an error), and
 * the eligible topic gets one message per paid transaction, keyed by its id — after the ledger,
 * never ahead of it. The runner commits the offsets only once all of it is written.
 */
export function cashbackJob({ config, cassandra, producer, metrics }: JobWiring): KafkaJob {
  const keyspace = config.cassandra.keyspace;
  const errors = errorsSink(cassandra, keyspace, metrics);
  return kafkaJob(
    "cashback",
    pipeline
      .from(kafkaTopic(config.paymentsTopic))
      .apply(readPayments(metrics))
      .apply(sideOutput(isInvalid, errors))
      .apply(flatMap(earnCashback(config.rules)))
      .apply(claimOnce(cassandraLedger(cassandra, keyspace), metrics))
      .apply(sideOutput(isInvalid, errors))
      .apply(filter(toPublish))
      .to(eligibleTopicSink(producer, config.eligibleTopic, metrics)),
  );
}
