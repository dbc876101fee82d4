import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';

// Helpers for reading operation inputs and the values systems send (shared by the built-in connectors).

/**
 * The operation's input merged with `input.record` (a batch-write record arrives there). Read it,
 * do not change it: without a `record` it is the input itself.
 */
export function fieldsOf(input: JsonObject): JsonObject {
  if (!Object.hasOwn(input, 'record')) return input;
  const { record, ...rest } = input;
  return isJsonObject(record) ? { ...rest, ...record } : rest;
}

/** The first present value of `keys` in `fields` (inputs accept snake_case and camelCase names). */
export function pick(fields: JsonObject, ...keys: string[]): JsonValue | undefined {
  for (const key of keys) {
    const value = fields[key];
    if (value !== undefined && value !== null && value !== '') return value;
  }
  return undefined;
}

/** An epoch-ms number from a number, a digit string or an ISO date; undefined otherwise. */
export function epochMs(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.floor(value);
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

/** A page size clamped to 1..max; `max` when the value is missing or not a number ≥ 1. */
export function clampPageSize(value: JsonValue | undefined, max: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n >= 1 ? Math.min(max, Math.floor(n)) : max;
}

/** True for a missing value, null, the empty string or an empty array (a form field left blank). */
export function isBlank(value: JsonValue | undefined): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** The JSON a system sent as text (form values, nested payloads); undefined for non-text, blank or invalid text. */
export function parseJsonText(value: JsonValue | undefined): JsonValue | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    return JSON.parse(value) as JsonValue;
  } catch {
    return undefined;
  }
}
