import { readAll } from "@tally/pipeline/cassandra";
import type cassandra from "cassandra-driver";
import { ERROR_DAYS_SCOPE } from "./errors-sink.ts";

/** One stored error as GET /cashback/errors answers it. */
export interface StoredError {
  /** The record's value as UTF-8 text, whole. */
  raw: string;
  /** Base64 of the exact bytes, only when they are not valid UTF-8 (then `raw` has replacement characters). */
  raw_base64?: string;
  reason: string;
  detail: string;
  topic: string;
  partition: number;
  offset: string;
  /** The record's Kafka timestamp, ISO-8601 (errors are ordered by it, newest first). */
  at: string;
  /** When the job stored the error. */
  recorded_at: string;
}

/** What the read routes ask of the errors table. */
export interface ErrorsReader {
  recent(limit: number): Promise<StoredError[]>;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const lenient = new TextDecoder("utf-8");

/** Reads the newest errors: the days that have errors, newest first, then each day's rows until `limit`. */
export function cassandraErrorsReader(client: cassandra.Client, keyspace: string): ErrorsReader {
  return {
    async recent(limit) {
      const out: StoredError[] = [];
      const days = await readAll(client, `SELECT day FROM ${keyspace}.cashback_error_days WHERE scope = ?`, [ERROR_DAYS_SCOPE]);
      for (const d of days) {
        if (out.length >= limit) break;
        const rows = await readAll(
          client,
          `SELECT record_time, source_topic, source_partition, source_offset, raw, reason, detail, recorded_at FROM ${keyspace}.cashback_errors WHERE day = ? LIMIT ?`,
          [d.get("day"), limit - out.length],
        );
        out.push(...rows.map(storedError));
      }
      return out;
    },
  };
}

function storedError(row: cassandra.types.Row): StoredError {
  const bytes = (row.get("raw") as Buffer | null) ?? Buffer.alloc(0);
  let raw: string;
  let rawBase64: string | undefined;
  try {
    raw = utf8.decode(bytes);
  } catch {
    raw = lenient.decode(bytes);
    rawBase64 = bytes.toString("base64");
  }
  return {
    raw,
    ...(rawBase64 === undefined ? {} : { raw_base64: rawBase64 }),
    reason: String(row.get("reason")),
    detail: String(row.get("detail") ?? ""),
    topic: String(row.get("source_topic")),
    partition: Number(row.get("source_partition")),
    offset: String(row.get("source_offset")),
    at: (row.get("record_time") as Date).toISOString(),
    recorded_at: (row.get("recorded_at") as Date).toISOString(),
  };
}
