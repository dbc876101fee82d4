import { QiaoError } from '../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../json.ts';
import type { FindWrittenHook, WrittenRef } from '../kit/index.ts';
import { voucherOf } from './envelope.ts';

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** The accounting period (yyyyMM) of a voucher: `yearPeriod`, else the month of `date`; undefined when neither. */
export function periodOfVoucher(voucher: JsonObject): string | undefined {
  const period = text(voucher.yearPeriod).replace('-', '');
  if (/^\d{6}$/.test(period)) return period;
  const date = /^(\d{4})-(\d{2})/.exec(text(voucher.date));
  return date ? `${date[1]}${date[2]}` : undefined;
}

/** `记-12` from a voucherlist item. */
export function voucherNumberOf(item: JsonObject): string | undefined {
  const number = text(item.vchNumber);
  if (!number) return undefined;
  const group = text(item.groupName);
  return group ? `${group}-${number}` : number;
}

function voucherOfRecord(record: JsonValue): JsonObject {
  if (!isJsonObject(record)) {
    throw new QiaoError('INPUT_INVALID', '凭证记录必须是对象 / the voucher record must be an object');
  }
  return voucherOf(record);
}

/**
 * Finds a family-A voucher already written for a record: voucherlist filtered by its `linkId` in its
 * period. A voucher without linkId (or without date/period) cannot be checked, so it is refused rather
 * than risk a second voucher.
 */
export const findWrittenVoucher: FindWrittenHook = async ({ record, context, call }) => {
  const voucher = voucherOfRecord(record);
  const linkId = text(voucher.linkId);
  if (!linkId) {
    throw new QiaoError(
      'INPUT_INVALID',
      '凭证没有 linkId，无法确认是否已写入金蝶精斗云；请在映射中给出唯一的 linkId / ' +
        'the voucher has no linkId, so whether it is already in Kingdee JDY cannot be checked: give a unique linkId in the mapping',
    );
  }
  const period = periodOfVoucher(voucher);
  if (!period) {
    throw new QiaoError(
      'INPUT_INVALID',
      '凭证没有 date/yearPeriod，无法按期间查询 / the voucher has no date/yearPeriod to look it up by period',
    );
  }
  const input: JsonObject = { fromPeriod: period, toPeriod: period, linkId, pageSize: 10 };
  for (const key of ['sId', 'dbId'] as const) {
    const value = context.input[key];
    if (typeof value === 'string' && value) input[key] = value;
  }
  const items = await call('listVouchers', input);
  const match = (Array.isArray(items) ? items : []).find((i) => isJsonObject(i) && text(i.linkId) === linkId);
  if (!isJsonObject(match)) return null;
  const ref: WrittenRef = {};
  if (text(match.vchId)) ref.targetId = text(match.vchId);
  const number = voucherNumberOf(match);
  if (number) ref.targetNumber = number;
  return ref;
};
