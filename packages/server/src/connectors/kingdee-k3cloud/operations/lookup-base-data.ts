import { bilingual, QiaoError } from '../../../errors/index.ts';
import { isJsonObject, type JsonObject } from '../../../json.ts';
import { defineOperation } from '../../kit/index.ts';
import { filterLiteral } from '../find-written.ts';
import { dynamicFormRequest } from '../k3-envelope.ts';
import { fieldKeysOf, rowsToObjects } from './execute-bill-query.ts';

/** Primary-key field keys of common base-data forms (ExecuteBillQuery has no uniform `FID`). */
export const BASE_DATA_ID_KEYS: Readonly<Record<string, string>> = {
  BD_Supplier: 'FSupplierId',
  BD_Customer: 'FCUSTID',
  BD_Empinfo: 'FID',
  BD_Department: 'FDEPTID',
  BD_Currency: 'FCURRENCYID',
  BD_Expense: 'FEXPID',
  CN_BANKACNT: 'FBANKACNTID',
  ORG_Organizations: 'FOrgID',
};

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** The FilterString: FNumber or FName equality, ANDed with the input's own FilterString. */
function filterOf(input: JsonObject): string {
  const number = text(input.Number);
  const name = text(input.Name);
  const extra = text(input.FilterString);
  const parts = [
    ...(number ? [`FNumber=${filterLiteral(number)}`] : []),
    ...(name ? [`FName=${filterLiteral(name)}`] : []),
    ...(extra ? [`(${extra})`] : []),
  ];
  if (number === '' && name === '')
    throw new QiaoError(
      'INPUT_INVALID',
      '查找基础资料需要编码 Number 或名称 Name / a base-data lookup needs a code (Number) or a name (Name)',
      {
        details: { fields: ['Number', 'Name'] },
      },
    );
  return parts.join(' AND ');
}

/** The FieldKeys queried: id key (when known), FNumber, FName, then the input's extra keys. */
function keysOf(input: JsonObject): string[] {
  const formId = text(input.FormId);
  const idKey = BASE_DATA_ID_KEYS[formId];
  return [...new Set([...(idKey ? [idKey] : []), 'FNumber', 'FName', ...fieldKeysOf(input)])];
}

/**
 * Finds one base-data record (员工 BD_Empinfo by 工号 or name, 部门, 供应商 …) by ExecuteBillQuery:
 * `{FormId, Number | Name, FilterString?, FieldKeys?}` → `{FNumber, FName, …}` or null. Two matches
 * (e.g. namesakes) are refused rather than guessed.
 */
export const lookupBaseDataOperation = defineOperation({
  name: '查找基础资料 / Look up base data',
  description: 'Finds one base-data record by number or name; null when there is none.',
  method: 'POST',
  write: false,
  inputSchema: {
    type: 'object',
    required: ['FormId'],
    properties: {
      FormId: {
        type: 'string',
        title: '基础资料表单Id',
        examples: ['BD_Empinfo', 'BD_Department', 'BD_Supplier'],
      },
      Number: { type: 'string', title: '编码' },
      Name: { type: 'string', title: '名称' },
      FilterString: { type: 'string', title: '过滤条件' },
      FieldKeys: { type: 'string', title: '需查询的字段key集合', description: '在 FNumber,FName 之外追加' },
    },
  },
  outputSchema: {
    type: ['object', 'null'],
    properties: { FNumber: { type: 'string', title: '编码' }, FName: { type: 'string', title: '名称' } },
  },
  sample: { FID: 100401, FNumber: 'E0001', FName: '张伟' },
  buildRequest(context) {
    const { input } = context;
    if (text(input.FormId) === '')
      throw new QiaoError(
        'INPUT_INVALID',
        '查找基础资料需要表单 FormId / a base-data lookup needs the form (FormId)',
        {
          details: { field: 'FormId' },
        },
      );
    const data = {
      FormId: text(input.FormId),
      FieldKeys: keysOf(input).join(','),
      FilterString: filterOf(input),
      OrderString: '',
      TopRowCount: 2,
      StartRow: 0,
      Limit: 2,
    };
    return dynamicFormRequest(context, 'ExecuteBillQuery', { data });
  },
  parseOutput(response, context) {
    const rows = rowsToObjects(response, keysOf(context.input));
    if (rows.length > 1) {
      const numbers = rows.map((r) => String(r.FNumber)).join('、');
      throw new QiaoError(
        'CONNECTOR_REJECTED',
        bilingual(
          `金蝶云星空 ${text(context.input.FormId)} 找到多条匹配记录（${numbers}），请改用编码查找`,
          `Kingdee K3Cloud ${text(context.input.FormId)} has several matching records (${numbers}); look it up by code instead`,
        ),
        { system: { FormId: text(context.input.FormId), matches: rows } },
      );
    }
    const row = rows[0];
    return isJsonObject(row) ? row : null;
  },
});
