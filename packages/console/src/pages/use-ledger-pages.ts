import { useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { type Loaded, useLoad } from '../components/use-load.ts';
import { type LedgerView, ledgerPath } from './sync-ledger-model.ts';
import type { LedgerRow } from './sync-ledger-table.tsx';

/** Ledger entries as `GET /syncs/{id}/ledger` pages them: `next` is the cursor of the page after (null: the end). */
export interface LedgerPage {
  items: LedgerRow[];
  next: string | null;
}

/** The loaded pages of a ledger view, and how to load the next one. */
export interface LedgerPages extends Loaded<LedgerPage> {
  /** Loads the page after those loaded and appends it (rejects when the request fails). */
  more(): Promise<void>;
  loadingMore: boolean;
}

/**
 * A sync's ledger in a view: its first page on load, later pages appended by `more()` through the
 * server's keyset cursor (so newest first pages through any ledger size); a new view or a reload
 * starts over from the first page.
 */
export function useLedgerPages(base: string, view: LedgerView): LedgerPages {
  const [later, setLater] = useState<LedgerPage>();
  const [loadingMore, setLoadingMore] = useState(false);
  // Which load a page answers: one arriving after the view changed (or a reload) is dropped.
  const generation = useRef(0);
  const first = useLoad(() => {
    generation.current += 1;
    setLater(undefined);
    return api<LedgerPage>('GET', ledgerPath(base, view));
  }, [base, view.status, view.search, view.order]);
  const data =
    first.data && later
      ? { items: [...first.data.items, ...later.items], next: later.next }
      : first.data && { items: first.data.items, next: first.data.next ?? null };
  const more = async () => {
    if (!data?.next || loadingMore) return;
    const asked = generation.current;
    setLoadingMore(true);
    try {
      const page = await api<LedgerPage>('GET', ledgerPath(base, view, data.next));
      if (asked !== generation.current) return;
      setLater((before) => ({ items: [...(before?.items ?? []), ...page.items], next: page.next }));
    } finally {
      setLoadingMore(false);
    }
  };
  return { ...first, data, more, loadingMore };
}
