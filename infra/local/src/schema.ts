import { readFileSync } from "node:fs";
import type { Client } from "cassandra-driver";
import { SCHEMA_FILE, TOPICS_FILE } from "./paths.ts";

/**
 * Splits infra/cassandra/schema.cql into statements (comments dropped) with the keyspace `tally`
 * renamed to `keyspace`, so tests can apply the same schema to a per-run keyspace.
 */
export function schemaStatements(cql: string, keyspace = "tally"): string[] {
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(keyspace)) throw new Error(`invalid keyspace name: ${keyspace}`);
  return cql
    .split("\n")
    .map((line) => line.replace(/--.*$/, ""))
    .join("\n")
    .split(";")
    .map((s) => s.replace(/\s+/g, " ").trim())
    .filter(Boolean)
    .map((s) => s.replace(/\bKEYSPACE IF NOT EXISTS tally\b/, `KEYSPACE IF NOT EXISTS ${keyspace}`).replace(/\btally\./g, `${keyspace}.`));
}

/** Applies the shared schema idempotently (every statement is IF NOT EXISTS). */
export async function applySchema(client: Client, keyspace = "tally", file = SCHEMA_FILE): Promise<number> {
  const statements = schemaStatements(readFileSync(file, "utf8"), keyspace);
  for (const s of statements) await client.execute(s);
  return statements.length;
}

export interface TopicSpec {
  topic: string;
  numPartitions: number;
}

/** Parses infra/kafka/topics.txt: `name partitions` per line, `#` comments. */
export function parseTopics(text: string): TopicSpec[] {
  return text
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter(Boolean)
    .map((l, i) => {
      const [topic, parts, ...rest] = l.split(/\s+/);
      const numPartitions = Number(parts ?? "1");
      if (!topic || !/^[a-zA-Z0-9._-]{1,249}$/.test(topic) || !Number.isInteger(numPartitions) || numPartitions < 1 || rest.length > 0) {
        throw new Error(`infra/kafka/topics.txt: bad entry "${l}" (entry ${i + 1})`);
      }
      return { topic, numPartitions };
    });
}

/** The topic list shared by the local stack and compose. */
export function loadTopics(file = TOPICS_FILE): TopicSpec[] {
  return parseTopics(readFileSync(file, "utf8"));
}
