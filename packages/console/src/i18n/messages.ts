import { TABLE } from './table.ts';

/** A console language. */
export type Lang = 'zh' | 'en';

/** A message key. */
export type MessageKey = keyof typeof TABLE;

function column(index: 0 | 1): Record<MessageKey, string> {
  return Object.fromEntries(Object.entries(TABLE).map(([k, v]) => [k, v[index]])) as Record<
    MessageKey,
    string
  >;
}

/** The dictionaries by language (built from the one table, so both always have every key). */
export const MESSAGES: Record<Lang, Record<MessageKey, string>> = { zh: column(0), en: column(1) };
