/**
 * The fields `readEmployee` reads, and nothing else, of one record of a request body. A field the
 * record lacks stays `undefined`, which readEmployee treats exactly like a missing property (it only
 * asks `== null` and the type of what is there), so a projected record gets the answer JSON.parse's
 * full object would. Every field is set in the constructor: one object shape for every record.
 */
export class ProjectedEmployee {
  gender: unknown = undefined;
  salary: unknown = undefined;
  birth_date: unknown = undefined;
  dob_year: unknown = undefined;
  dob_month: unknown = undefined;
  age: unknown = undefined;
  years_of_experience: unknown = undefined;
  is_manager: unknown = undefined;
}

/** Reads a POST /process body's records, or null when it cannot promise JSON.parse's answer. */
export type EmployeeBodyReader = (text: string, maxRecords: number) => ProjectedEmployee[] | null;

/** A key of no interest: its value is only checked. */
export const UNWANTED = -1;
/**
 * `__proto__`: JSON.parse makes it an ordinary own property, which readEmployee never reads, so it
 * would be harmless; the projection gives up on it anyway rather than reason about prototypes.
 */
export const REFUSED = -2;

/**
 * The field code (0–7, the order of `setField`) of the key in bytes[from, end), UNWANTED or REFUSED.
 * Sorted on length and first byte before comparing the rest: most keys cost two comparisons.
 */
export function fieldOf(bytes: Uint8Array, from: number, end: number): number {
  const c = bytes[from]!;
  switch (end - from) {
    case 3:
      return c === 97 && same(bytes, from, "age") ? 5 : UNWANTED;
    case 6:
      if (c === 103) return same(bytes, from, "gender") ? 0 : UNWANTED;
      return c === 115 && same(bytes, from, "salary") ? 1 : UNWANTED;
    case 8:
      return c === 100 && same(bytes, from, "dob_year") ? 3 : UNWANTED;
    case 9:
      if (c === 100) return same(bytes, from, "dob_month") ? 4 : UNWANTED;
      return c === 95 && same(bytes, from, "__proto__") ? REFUSED : UNWANTED;
    case 10:
      if (c === 98) return same(bytes, from, "birth_date") ? 2 : UNWANTED;
      return c === 105 && same(bytes, from, "is_manager") ? 7 : UNWANTED;
    case 19:
      return c === 121 && same(bytes, from, "years_of_experience") ? 6 : UNWANTED;
    default:
      return UNWANTED;
  }
}

function same(bytes: Uint8Array, from: number, name: string): boolean {
  for (let k = 1; k < name.length; k++) if (bytes[from + k] !== name.charCodeAt(k)) return false;
  return true;
}

/** Stores `value` as the field `field` (0–7) names; a switch keeps every store monomorphic. */
export function setField(record: ProjectedEmployee, field: number, value: unknown): void {
  switch (field) {
    case 0:
      record.gender = value;
      break;
    case 1:
      record.salary = value;
      break;
    case 2:
      record.birth_date = value;
      break;
    case 3:
      record.dob_year = value;
      break;
    case 4:
      record.dob_month = value;
      break;
    case 5:
      record.age = value;
      break;
    case 6:
      record.years_of_experience = value;
      break;
    default:
      record.is_manager = value;
  }
}
