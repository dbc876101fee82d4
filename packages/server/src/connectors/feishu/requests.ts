import type { JsonObject } from '../../json.ts';
import type { OperationContext } from '../kit/connector-declaration.ts';
import type { HttpRequest } from '../kit/http-transport.ts';
import { clampPageSize, epochMs, fieldsOf, pick } from '../kit/input-fields.ts';
import { joinUrl } from '../kit/request-builder.ts';

export { epochMs, fieldsOf, pick } from '../kit/input-fields.ts';

/** Path of the instance list API (reference §2.1). */
export const INSTANCES_PATH = '/open-apis/approval/v4/instances';
/** Most codes per listing page (reference §2.1). */
export const MAX_PAGE_SIZE = 100;

/** A GET of an approval API path with query parameters (the token goes into `Authorization` by auth injection). */
export function getRequest(
  context: OperationContext,
  path: string,
  query: Record<string, string> = {},
): HttpRequest {
  const url = new URL(joinUrl(context.baseUrl, path));
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return { method: 'GET', url: url.toString(), headers: {} };
}

/** The listing query of an input: approval_code (input or `config.approvalCode`), ms window, page_size ≤ 100. */
export function listQuery(input: JsonObject, config: JsonObject): Record<string, string> {
  const fields = fieldsOf(input);
  const query: Record<string, string> = {};
  const code = pick(fields, 'approval_code', 'approvalCode') ?? pick(config, 'approvalCode');
  if (code !== undefined) query.approval_code = String(code);
  const start = epochMs(pick(fields, 'start_time', 'startTime'));
  query.start_time = String(start ?? 0);
  // end_time is required by Feishu; default: now.
  query.end_time = String(epochMs(pick(fields, 'end_time', 'endTime')) ?? Date.now());
  query.page_size = String(clampPageSize(pick(fields, 'page_size', 'pageSize'), MAX_PAGE_SIZE));
  return query;
}

/** The instance code of an input (`instance_code`, `instanceCode`, `instance_id` or `id`). */
export function instanceCodeOf(input: JsonObject): string {
  const id = pick(fieldsOf(input), 'instance_code', 'instanceCode', 'instance_id', 'id');
  return id === undefined ? '' : String(id);
}

/** The path of one instance. */
export function instancePath(code: string): string {
  return `${INSTANCES_PATH}/${encodeURIComponent(code)}`;
}
