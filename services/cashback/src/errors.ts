/**
 * The errors of the cashback service. HTTP answers use http-kit's HttpError; configuration
 * problems surface as http-kit's ConfigError (one line naming the variable, the file and the field).
 */

/** A rules file that cannot be used; `field` names the offending field (`percentage`, `merchant_percentages.merch_9`, …). */
export class RulesError extends Error {
  override readonly name = "RulesError";
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}
