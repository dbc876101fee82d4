import type { InstanceQuery } from './instance-store.ts';
import type { SimContext } from './sim-context.ts';

const DAY_MS = 86_400_000;

/** A listids request in neutral form (values as received: numbers or digit strings). */
export interface RawListRequest {
  processCode: unknown;
  startTime: unknown;
  endTime: unknown;
  size: unknown;
  cursor: unknown;
  userIds: string[] | undefined;
  statuses?: unknown;
}

/** A rejected listing request: `missing` names an absent required field, else `code` is the v1.0 error code. */
export interface ListRequestError {
  missing?: string;
  code: string;
  message: string;
}

/** Validates a listids request against the documented rules (size ≤ 20, 120-day span, 365-day age, ≤ 10 users). */
export function parseListRequest(
  ctx: SimContext,
  raw: RawListRequest,
  defaultSize: number | null,
): { query: InstanceQuery } | { error: ListRequestError } {
  const fail = (code: string, message: string) => ({ error: { code, message } });
  if (raw.processCode === undefined || raw.processCode === '')
    return {
      error: { missing: 'process_code', code: 'invalidProcessCode', message: '缺少参数 process_code' },
    };
  if (raw.startTime === undefined || raw.startTime === '')
    return {
      error: {
        missing: 'start_time',
        code: 'invalidInstanceListIdsStartTime',
        message: '缺少参数 start_time',
      },
    };
  if (raw.processCode !== ctx.app.processCode)
    return fail('invalidProcessCode', '审批模板 process_code 不存在');
  const now = ctx.now();
  const startMs = toInt(raw.startTime);
  const endMs = raw.endTime === undefined || raw.endTime === '' ? now : toInt(raw.endTime);
  if (startMs === null || startMs < 0) return fail('invalidInstanceListIdsStartTime', 'start_time 不合法');
  if (endMs === null || endMs < startMs) return fail('invalidEndTime', 'end_time 不能早于 start_time');
  if (endMs - startMs > 120 * DAY_MS)
    return fail('invalidInstanceListIdsStartTime', '查询时间跨度不能超过120天');
  if (now - startMs > 365 * DAY_MS)
    return fail('invalidInstanceListIdsStartTime', 'start_time 不能早于当前时间365天');
  const size = raw.size === undefined || raw.size === '' ? defaultSize : toInt(raw.size);
  if (size === null || size < 1 || size > 20) return fail('invalidMaxResults', '分页大小最大为20');
  const cursor = raw.cursor === undefined || raw.cursor === '' ? 0 : toInt(raw.cursor);
  if (cursor === null || cursor < 0) return fail('invalidNextToken', '分页游标不合法');
  if ((raw.userIds?.length ?? 0) > 10) return fail('invalidUserIds', '发起人 userid 最多10个');
  const query: InstanceQuery = { startMs, endMs, offset: cursor, limit: size };
  if (raw.userIds?.length) query.userIds = raw.userIds;
  if (Array.isArray(raw.statuses) && raw.statuses.length > 0) query.statuses = raw.statuses.map(String);
  return { query };
}

function toInt(value: unknown): number | null {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^-?\d+$/.test(value.trim())
        ? Number(value)
        : Number.NaN;
  return Number.isSafeInteger(n) ? n : null;
}
