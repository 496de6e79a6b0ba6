/**
 * The request bodies of `bun run bench:process-http`: the original's Locust payload (3 records) and
 * 100 realistic records from the `employees` generator kind (fixed seed and start, so every run
 * posts the same bytes; 2 of them are dirty and refused, as in a real feed).
 */
import { findKind, generateRecords } from "@tally/generate";

/** The 3-record body the original's load_test.py posted. */
export const LOCUST_PAYLOAD = JSON.stringify([
  { id: 1, gender: "M", salary: 5000 },
  { id: 2, gender: "F", salary: 6000 },
  { id: 3, gender: "M", salary: 5500 },
]);

/** `count` generated employee records as one JSON array. */
export function generatedPayload(count: number, seed = 1): string {
  const values = [...generateRecords(findKind("employees"), { count, seed, start: 1_764_547_200 })].map((r) => r.value);
  return `[${values.join(",")}]`;
}
