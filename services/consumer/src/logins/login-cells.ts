import type { CountedEvent } from "@tally/pipeline/kafka";
import { valueText, type KafkaRecord } from "@tally/pipeline/kafka";
import { parseLoginEvent } from "./login-event.ts";

/** What one login counts toward in its window: its device type, its locale and the total. */
export function loginCells(record: KafkaRecord): CountedEvent {
  const e = parseLoginEvent(valueText(record));
  return { eventMs: e.eventMs, keys: [["device_type", e.deviceType], ["locale", e.locale], ["total", ""]] };
}
