import { InputError } from "../errors.ts";

/** An exact non-negative decimal rate: `units / 10^scale` per unit of usage (per millisecond for API logs). */
export interface Rate {
  readonly units: bigint;
  readonly scale: number;
}

/** Task name → rate. */
export type RateCard = ReadonlyMap<string, Rate>;

const DECIMAL_TEXT = /^(\d+)(?:\.(\d+))?$/;
const JSON_NUMBER = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const MAX_SCALE = 30;

/** Parses a plain decimal like `0.005`. Returns null for anything else (signs, exponents, spaces). */
export function parseRateText(text: string): Rate | null {
  const m = DECIMAL_TEXT.exec(text);
  if (!m) return null;
  const frac = m[2] ?? "";
  if (frac.length > MAX_SCALE) return null;
  return { units: BigInt(m[1]! + frac), scale: frac.length };
}

/**
 * Converts a JSON number's source text (e.g. `0.005`, `5e-3`, `1E2`) into an exact rate by moving the
 * decimal point in the digits; never through a float, which would turn 0.005 into 0.00500000000000000010…
 */
export function parseJsonNumberRate(text: string): Rate | null {
  const m = JSON_NUMBER.exec(text);
  if (!m || m[1] === "-") return null;
  const frac = m[3] ?? "";
  const exponent = Number(m[4] ?? "0");
  let scale = frac.length - exponent;
  let digits = BigInt(m[2]! + frac);
  if (scale < 0) {
    if (-scale > MAX_SCALE) return null;
    digits *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return scale > MAX_SCALE ? null : { units: digits, scale };
}

/** The rate as a decimal string, e.g. `0.005`. */
export function formatRate(rate: Rate): string {
  const digits = rate.units.toString().padStart(rate.scale + 1, "0");
  return rate.scale === 0 ? digits : `${digits.slice(0, -rate.scale)}.${digits.slice(-rate.scale)}`;
}

/** Throws the error every rate-card parser reports. */
export function rateCardError(message: string): never {
  throw new InputError(`rate card: ${message}`);
}
