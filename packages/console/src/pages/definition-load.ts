import { ApiError } from '../api/client.ts';

/** Whether an API call failed because what it named does not exist (404). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/**
 * Whether a definition page was opened to create its id: the list's 新建 / New goes to `/<kind>s/<id>?new=1`.
 * Any other link to an id opens what is stored under it.
 */
export function isNewRequest(search: string): boolean {
  return new URLSearchParams(search).has('new');
}

/** How a definition page opens its id: the stored one, a draft to create it, or a missing one. */
export type Opened<T> = { state: 'found'; value: T } | { state: 'draft' } | { state: 'missing' };

/**
 * Loads a definition for its page. A 404 is a draft only when the page was asked to create the id
 * (`isNew`); otherwise the id is missing (the page shows a not-found state, never an empty editor). An id
 * that exists opens as stored, asked to create it or not. Other failures are thrown (the page's load error).
 */
export async function openDefinition<T>(load: () => Promise<T>, isNew: boolean): Promise<Opened<T>> {
  try {
    return { state: 'found', value: await load() };
  } catch (error) {
    if (!isNotFound(error)) throw error;
    return isNew ? { state: 'draft' } : { state: 'missing' };
  }
}
