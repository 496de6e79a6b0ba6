import { decimalFromText, unitsAt } from "@tally/decimal";
import type { Sink } from "@tally/pipeline";
import { classifyCassandraError, toCassandraDecimal, toCassandraLong } from "@tally/pipeline/cassandra";
import { FoldMovedError, type PartitionFold, type PartitionFoldStore, type PartitionFoldUpdate } from "@tally/pipeline/kafka";
import cassandra from "cassandra-driver";
import type { EmployeeMetrics } from "./employee-metrics.ts";
import { createStats, mergeStats, type EmployeeStats } from "./employee-stats.ts";
import { UnitsSum } from "./units-sum.ts";

// Rows are written by lightweight transactions (compare-and-set on next_offset); reads that must see
// every decided one are Paxos (serial) reads.
const LWT = { prepare: true, consistency: cassandra.types.consistencies.localQuorum, serialConsistency: cassandra.types.consistencies.localSerial };
const SERIAL_READ = { prepare: true, consistency: cassandra.types.consistencies.localSerial };

const COLUMNS =
  "records, rejected, salary_total, gender_records, gender_salary, birth_month_records, managers, age_min, age_max, experience_records, experience_total";

/**
 * `employees_by_partition`: the employees job's running figures, one row per (topic, partition) with
 * the next offset they do not include yet. Written only by compare-and-set on that offset, so each
 * message counts once however often it is delivered, and GET /analytics/employees reads a handful of
 * rows however many records were consumed.
 */
export class EmployeesStore implements PartitionFoldStore<EmployeeStats> {
  constructor(
    private readonly client: cassandra.Client,
    private readonly keyspace: string,
  ) {}

  async load(topic: string, partition: number): Promise<PartitionFold<EmployeeStats> | null> {
    const rs = await this.read(`SELECT next_offset, ${COLUMNS} FROM ${this.keyspace}.employees_by_partition WHERE topic = ? AND partition = ?`, [topic, partition]);
    const row = rs.rows[0];
    if (!row || row.get("next_offset") == null) return null;
    return { accumulator: fromRow(row), nextOffset: BigInt(String(row.get("next_offset"))) };
  }

  /** Everything consumed from `topic`: the partitions' figures merged. */
  async totals(topic: string): Promise<EmployeeStats> {
    const rs = await this.read(`SELECT next_offset, ${COLUMNS} FROM ${this.keyspace}.employees_by_partition WHERE topic = ?`, [topic]);
    return rs.rows.filter((r) => r.get("next_offset") != null).reduce((all, row) => mergeStats(all, fromRow(row)), createStats());
  }

  /** Writes one partition's figures if the stored next offset is still the one they build on; FoldMovedError otherwise. */
  async write(u: PartitionFoldUpdate<EmployeeStats>): Promise<void> {
    const s = u.accumulator;
    // Maps go to the driver as plain objects (it encodes a JS Map only when configured to).
    const genderRecords: Record<string, cassandra.types.Long> = {};
    const genderSalary: Record<string, cassandra.types.BigDecimal> = {};
    for (const [gender, g] of s.byGender) {
      genderRecords[gender] = toCassandraLong(g.count);
      genderSalary[gender] = toCassandraDecimal(g.salary.toDecimal());
    }
    const months: Record<string, cassandra.types.Long> = {};
    for (let m = 1; m <= 12; m++) if (s.byMonth[m]! > 0) months[m] = toCassandraLong(s.byMonth[m]!);
    let rs: cassandra.types.ResultSet;
    try {
      rs = await this.client.execute(
        `UPDATE ${this.keyspace}.employees_by_partition SET next_offset = ?, records = ?, rejected = ?, salary_total = ?, gender_records = ?, gender_salary = ?, ` +
          `birth_month_records = ?, managers = ?, age_min = ?, age_max = ?, experience_records = ?, experience_total = ?, updated_at = ? ` +
          `WHERE topic = ? AND partition = ? IF next_offset = ?`,
        [
          toCassandraLong(u.nextOffset),
          toCassandraLong(s.count),
          toCassandraLong(s.rejectedCount),
          toCassandraDecimal(s.salary.toDecimal()),
          genderRecords,
          genderSalary,
          months,
          toCassandraLong(s.managers),
          s.ageMin ?? null,
          s.ageMax ?? null,
          toCassandraLong(s.experienceCount),
          toCassandraDecimal(s.experience.toDecimal()),
          new Date(),
          u.topic,
          u.partition,
          u.expectedNextOffset === null ? null : toCassandraLong(u.expectedNextOffset),
        ],
        LWT,
      );
    } catch (error) {
      throw classifyCassandraError(error, "write");
    }
    if (!rs.wasApplied()) throw new FoldMovedError(u.topic, u.partition);
  }

  private async read(query: string, params: unknown[]): Promise<cassandra.types.ResultSet> {
    try {
      return await this.client.execute(query, params, SERIAL_READ);
    } catch (error) {
      throw classifyCassandraError(error, "read");
    }
  }
}

/**
 * The employees job's sink: each partition's figures stored by compare-and-set (partitions in
 * parallel), then the counters grow by what the batch added — only after its write, so a failed
 * attempt counts nothing and its redelivery counts once.
 */
export function employeesSink(store: EmployeesStore, metrics: EmployeeMetrics): Sink<PartitionFoldUpdate<EmployeeStats>> {
  return {
    async write(updates) {
      await Promise.all(
        updates.map(async (u) => {
          await store.write(u);
          metrics.add(u.delta, u.topic);
        }),
      );
    },
  };
}

function fromRow(row: cassandra.types.Row): EmployeeStats {
  const s = createStats();
  s.count = toNumber(row.get("records"));
  s.rejectedCount = toNumber(row.get("rejected"));
  s.salary = unitsSum(row.get("salary_total"));
  const salaries = (row.get("gender_salary") ?? {}) as Record<string, unknown>;
  for (const [gender, count] of Object.entries((row.get("gender_records") ?? {}) as Record<string, unknown>)) {
    s.byGender.set(gender, { count: toNumber(count), salary: unitsSum(salaries[gender]) });
  }
  for (const [month, count] of Object.entries((row.get("birth_month_records") ?? {}) as Record<string, unknown>)) s.byMonth[Number(month)] = toNumber(count);
  s.managers = toNumber(row.get("managers"));
  s.ageMin = row.get("age_min") ?? undefined;
  s.ageMax = row.get("age_max") ?? undefined;
  s.experienceCount = toNumber(row.get("experience_records"));
  s.experience = unitsSum(row.get("experience_total"));
  return s;
}

/** Counts come back as driver Longs; they stay far below 2^53 (records of one topic). */
function toNumber(value: unknown): number {
  return value == null ? 0 : Number(String(value));
}

function unitsSum(value: unknown): UnitsSum {
  const sum = new UnitsSum();
  sum.addTotal(unitsAt(decimalFromText(value), 2));
  return sum;
}
