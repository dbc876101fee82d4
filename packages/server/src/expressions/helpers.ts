import { dateToMs, msToDate, msToDateTime } from './dates.ts';
import { chunk, fnumber, type HelperContext, lookup, valueMap } from './field-helpers.ts';
import { decimal, decimalSum, decimalText } from './money.ts';

/** A field helper: plain synchronous function over JSON values; `this` gives access to variables. */
export type Helper = (this: HelperContext, ...args: unknown[]) => unknown;

/** Every helper registered (as `$name`) for every evaluation; documented in src/expressions/README.md. */
export const HELPERS: Readonly<Record<string, Helper>> = {
  decimal: decimal as Helper,
  decimalText: decimalText as Helper,
  decimalSum: decimalSum as Helper,
  msToDate: msToDate as Helper,
  msToDateTime: msToDateTime as Helper,
  dateToMs: dateToMs as Helper,
  fnumber: fnumber as Helper,
  valueMap: valueMap as Helper,
  lookup: lookup as Helper,
  chunk: chunk as Helper,
};

/** Helpers that read variables through `this` (the others are pure functions of their arguments). */
export const SCOPED_HELPERS: ReadonlySet<string> = new Set(['lookup']);
