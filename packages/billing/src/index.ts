/** @tally/billing: billing rules as pure functions: company fees (seed 000) and API-log billing with rate cards (seed 002). */
export { BILLING_FILE_SPEC, billingFileSpec, companyFees, type CompanyFees } from "./fees.ts";
export { parseJsonNumberRate, parseRateText, type RateCard } from "./rate.ts";
export { parseEnvRateCard, parseJsonRateCard, parseRateCard } from "./rate-card.ts";
export { API_LOG_SPEC, billApiUsage, formatBillLine, type UserBill } from "./api-usage.ts";
export { keyProblem, MAX_KEY_BYTES } from "./key-check.ts";
export { refuseGroups, refusedOf, type CheckedResult, type RefusedGroup } from "./refuse-groups.ts";
