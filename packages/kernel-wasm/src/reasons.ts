/** Rejection reason codes (shared with the kernel via constants.ts) and their text. */
import * as C from "./constants.ts";

const TEXT: Record<number, string> = {
  [C.REASON_TOO_LONG]: "record too long",
  [C.REASON_BAD_QUOTE]: "malformed quoted field",
  [C.REASON_UNTERMINATED_QUOTE]: "unterminated quoted field",
  [C.REASON_MISSING_COLUMN]: "missing column",
  [C.REASON_BAD_JSON]: "not a valid JSON object",
  [C.REASON_MISSING_KEY]: "missing key field",
  [C.REASON_BAD_KEY]: "key field is an object or array",
  [C.REASON_MISSING_SUM]: "missing sum field",
  [C.REASON_BAD_DECIMAL]: "invalid decimal",
  [C.REASON_TOO_PRECISE]: "more fraction digits than scale",
  [C.REASON_OUT_OF_RANGE]: "value out of i64 range",
  [C.REASON_FIELD_COUNT]: "wrong field count",
  [C.REASON_MISSING_SUFFIX]: "missing suffix",
  [C.REASON_NEGATIVE]: "negative value",
};

/** Text of a reason code (both implementations produce exactly these strings). */
export function reasonText(code: number): string {
  return TEXT[code] ?? `unknown reason ${code}`;
}
