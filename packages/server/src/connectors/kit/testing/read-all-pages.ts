import type { JsonObject, JsonValue } from '../../../json.ts';
import type { Exchange, KitGateway } from '../index.ts';

/** Reads every page the way a sync source does: cursor null first, until next is null (at most 50 pages). */
export async function readAllPages(
  gateway: KitGateway,
  call: { connection: string; operation: string; input: JsonObject },
  observe?: (exchange: Exchange) => void,
): Promise<JsonValue[][]> {
  const pages: JsonValue[][] = [];
  let cursor: JsonValue = null;
  do {
    const page = await gateway.listPage({ ...call, cursor }, observe);
    pages.push(page.items);
    cursor = page.next;
  } while (cursor !== null && pages.length < 50);
  return pages;
}
