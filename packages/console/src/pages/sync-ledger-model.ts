import { query } from '../api/client.ts';

/** The orders the console lists a ledger in: newest first (its default — what came in last, the latest failures) or by source key. */
export const LEDGER_ORDERS = ['newest', 'key'] as const;

/** One of `LEDGER_ORDERS`. */
export type LedgerOrder = (typeof LEDGER_ORDERS)[number];

/** Entries one request loads (the table shows them 50 a page; 加载更多 loads the next ones). */
export const LEDGER_PAGE_SIZE = 200;

/** What the ledger tab lists: its filters and order. */
export interface LedgerView {
  status?: string;
  search?: string;
  order: LedgerOrder;
}

/**
 * Whether an entry's `lastError` is the note of a record adopted from the target (`onDuplicate: adopt`:
 * the target already held it, so it was taken as written) — shown as a note, not as an error.
 */
export function isAdoptedNote(lastError: unknown): boolean {
  if (typeof lastError !== 'object' || lastError === null) return false;
  const details = (lastError as { details?: unknown }).details;
  return (
    typeof details === 'object' && details !== null && (details as { adopted?: unknown }).adopted === true
  );
}

/** `GET /syncs/{id}/ledger` of a view: from the start, or after the `next` cursor of the page before. */
export function ledgerPath(base: string, view: LedgerView, after?: string | null): string {
  return `${base}/ledger${query({
    status: view.status,
    q: view.search,
    order: view.order,
    limit: LEDGER_PAGE_SIZE,
    after,
  })}`;
}
