import { GenerateOptionError } from "./errors.ts";
import type { Kind } from "./kind.ts";
import { employees } from "./kinds/employees.ts";
import { logins } from "./kinds/logins.ts";
import { payments } from "./kinds/payments.ts";

/** Every kind of stream, by name. Adding one: a file in src/kinds/ and one line here. */
export const KINDS: ReadonlyMap<string, Kind> = new Map([
  [logins.name, logins],
  [employees.name, employees],
  [payments.name, payments],
]);

/** The known kinds' names, for help texts and error messages. */
export function kindNames(): string[] {
  return [...KINDS.keys()];
}

/** The kind called `name`; GenerateOptionError listing the known kinds otherwise. */
export function findKind(name: string): Kind {
  const kind = KINDS.get(name);
  if (!kind) throw new GenerateOptionError("kind", `unknown kind '${name}'; known kinds: ${kindNames().join(", ")}`);
  return kind;
}
