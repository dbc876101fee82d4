import { QiaoError } from '../../../errors/index.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../../../json.ts';
import { defineOperation, type FindWrittenHook } from '../../kit/index.ts';
import { v2Request, voucherOf } from '../envelope.ts';
import { V2_VOUCHER_PATH } from './list-vouchers-v2.ts';

function itemsOf(input: JsonObject): JsonValue[] {
  if (Array.isArray(input.items)) return input.items;
  return [voucherOf(input)];
}

function text(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** Finds a v2 voucher already written by its `source_bill_no` (the idempotency key of family B). */
const findWrittenV2: FindWrittenHook = async ({ record, call }) => {
  const item = isJsonObject(record) ? (itemsOf(record)[0] ?? null) : null;
  const bill = isJsonObject(item) ? text(item.source_bill_no) : '';
  if (!isJsonObject(item) || !bill) {
    throw new QiaoError(
      'INPUT_INVALID',
      '凭证没有 source_bill_no，无法确认是否已写入 / the voucher has no source_bill_no, so whether it is already written cannot be checked',
    );
  }
  const period = /^(\d{4})-?(\d{2})/.exec(text(item.date));
  const input: JsonObject = { source_bill_no: bill };
  if (period) input.start_period = input.end_period = `${period[1]}-${period[2]}`;
  const rows = await call('listVouchersV2', input);
  const row = (Array.isArray(rows) ? rows : []).find(
    (r) => isJsonObject(r) && text(r.source_bill_no) === bill,
  );
  if (!isJsonObject(row)) return null;
  return { targetId: text(row.id), ...(text(row.voucher_no) ? { targetNumber: text(row.voucher_no) } : {}) };
};

/** `POST /jdy/v2/fi/voucher` (金蝶云星辰): `{items:[…]}` → `{ids, id}`; any invalid voucher fails the call. */
export const saveVoucherV2Operation = defineOperation({
  name: '生成凭证（星辰） / Save voucher (v2)',
  description:
    'Saves one voucher (input.voucher) or several (input.items) on the 星辰 v2 API; line shape is the reference best guess.',
  method: 'POST',
  path: V2_VOUCHER_PATH,
  write: true,
  inputSchema: {
    type: 'object',
    properties: {
      voucher: {
        type: 'object',
        title: '凭证',
        properties: {
          date: { type: 'string', title: '凭证日期' },
          group_number: { type: 'string', title: '凭证字' },
          remark: { type: 'string', title: '备注' },
          source_bill_no: { type: 'string', title: '来源单据编号', description: '唯一；用于查询是否已写入' },
          entry_list: {
            type: 'array',
            title: '分录',
            items: {
              type: 'object',
              properties: {
                explanation: { type: 'string', title: '摘要' },
                account_number: { type: 'string', title: '科目编码' },
                debit_amount: { type: 'number', title: '借方金额' },
                credit_amount: { type: 'number', title: '贷方金额' },
                currency_number: { type: 'string', title: '币别' },
              },
            },
          },
        },
      },
      items: { type: 'array', title: '凭证（多张）' },
    },
  },
  outputSchema: {
    type: 'object',
    properties: { id: { type: 'string', title: '凭证ID' }, ids: { type: 'array', title: '凭证ID列表' } },
  },
  sample: { id: '100061', ids: ['100061'] },
  buildRequest: (context) =>
    v2Request(context, 'POST', V2_VOUCHER_PATH, {}, { items: itemsOf(context.input) }),
  parseOutput(response) {
    const data = isJsonObject(response.body) ? response.body.data : undefined;
    const ids = isJsonObject(data) && Array.isArray(data.ids) ? data.ids.map((id) => text(id)) : [];
    if (ids.length === 0 || !ids[0]) {
      throw new QiaoError(
        'CONNECTOR_UNCERTAIN_WRITE',
        '金蝶云星辰没有返回凭证ID / Kingdee Xingchen returned no voucher ID',
        {
          system: { body: response.body },
        },
      );
    }
    return { id: ids[0], ids };
  },
  findWritten: findWrittenV2,
});
