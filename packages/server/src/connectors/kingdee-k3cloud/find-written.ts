import { QiaoError } from '../../errors/index.ts';
import { isJsonObject, type JsonValue } from '../../json.ts';
import type { FindWrittenHook, WrittenRef } from '../kit/index.ts';
import { formIdOf } from './k3-envelope.ts';

/** Quotes a value for a K3Cloud FilterString (single quotes doubled). */
export function filterLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The bill number of a mapped record (`FBillNo`, or inside a `Model` wrapper); undefined when absent. */
export function billNumberOf(record: JsonValue): string | undefined {
  if (!isJsonObject(record)) return undefined;
  const model = isJsonObject(record.Model) ? record.Model : record;
  const number = model.FBillNo ?? model.FBILLNO ?? model.fbillno;
  return typeof number === 'string' && number !== ''
    ? number
    : typeof number === 'number'
      ? String(number)
      : undefined;
}

/**
 * Finds a bill already written for a mapped record: ExecuteBillQuery on `FBillNo` (the unique key the
 * mapping derives from the source). A record without FBillNo cannot be checked, so it is refused
 * rather than risk a second bill.
 */
export const findWrittenBill: FindWrittenHook = async ({ record, context, call }) => {
  const number = billNumberOf(record);
  if (number === undefined) {
    throw new QiaoError(
      'INPUT_INVALID',
      '记录没有单据编号 FBillNo，无法确认是否已写入金蝶云星空；请在映射中给出 FBillNo / ' +
        'the record has no bill number FBillNo, so whether it is already in Kingdee K3Cloud cannot be checked: give FBillNo in the mapping',
    );
  }
  const rows = await call('executeBillQuery', {
    FormId: formIdOf(context.input),
    FieldKeys: 'FID,FBillNo',
    FilterString: `FBillNo=${filterLiteral(number)}`,
    Limit: 1,
  });
  const row = Array.isArray(rows) ? rows[0] : undefined;
  if (!isJsonObject(row)) return null;
  const ref: WrittenRef = { targetNumber: String(row.FBillNo ?? number) };
  if (row.FID !== undefined && row.FID !== null) ref.targetId = String(row.FID);
  return ref;
};
