import { QiaoError } from '../../../errors/index.ts';
import { isJsonObject } from '../../../json.ts';
import { defineOperation } from '../../kit/index.ts';
import { dynamicFormRequest, formIdOf } from '../k3-envelope.ts';

/** `DynamicFormService.View`: one bill by `Number` or `Id` → the full bill object (base data nested). */
export const viewOperation = defineOperation({
  name: '查看单据 / View',
  description: 'Reads one bill with its entries and nested base data.',
  method: 'POST',
  write: false,
  inputSchema: {
    type: 'object',
    properties: {
      FormId: { type: 'string', title: '业务对象表单Id', default: 'AP_PAYBILL' },
      Number: { type: 'string', title: '单据编码' },
      Id: { type: 'string', title: '表单内码' },
      CreateOrgId: { type: 'integer', title: '创建者组织内码', default: 0 },
    },
  },
  outputSchema: {
    type: 'object',
    title: '单据数据',
    properties: { Id: { title: '实体主键' }, BillNo: { title: '单据编号' } },
  },
  sample: { Id: 100021, BillNo: 'FKD-DT-202603040001', DocumentStatus: 'C', FPAYBILLENTRY: [] },
  buildRequest(context) {
    const { input } = context;
    const number = typeof input.Number === 'string' ? input.Number : '';
    const id = input.Id === undefined || input.Id === null ? '' : String(input.Id);
    if (number === '' && id === '')
      throw new QiaoError(
        'INPUT_INVALID',
        'View 需要单据编码 Number 或内码 Id / View needs the bill number (Number) or internal ID (Id)',
      );
    const data = {
      CreateOrgId: Number(input.CreateOrgId ?? 0) || 0,
      Number: number,
      Id: id,
      IsSortBySeq: 'false',
    };
    return dynamicFormRequest(context, 'View', { formid: formIdOf(input), data });
  },
  parseOutput(response) {
    const result =
      isJsonObject(response.body) && isJsonObject(response.body.Result) ? response.body.Result : {};
    return result.Result ?? null;
  },
});
