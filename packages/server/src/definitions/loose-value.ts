/**
 * Reading a document that may not fit the schema (the reference checks also run on one that failed it):
 * each reader gives `undefined` or an empty list for a value of the wrong type, so a check of a
 * malformed part skips that part instead of throwing. A schema-valid document reads as itself.
 */

/** An object of a loosely read document: any keys, values of any type. */
export type LooseObject = Readonly<Record<string, unknown>>;

/** The value as an object (not an array, not null), or undefined. */
export function looseObject(value: unknown): LooseObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as LooseObject)
    : undefined;
}

/** The value as text, or undefined. */
export function looseText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The value as a list, or an empty list. */
export function looseList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}
