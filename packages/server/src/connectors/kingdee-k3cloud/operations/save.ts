import { QiaoError } from '../../../errors/index.ts';
import { isJsonObject, type JsonObject } from '../../../json.ts';
import { defineOperation } from '../../kit/index.ts';
import { findWrittenBill } from '../find-written.ts';
import { dynamicFormRequest, formIdOf, pickParams, responseStatusOf } from '../k3-envelope.ts';
import { SAMPLE_PAY_BILL, SAVE_OPTION_PROPERTIES, SAVE_PARAM_KEYS } from './save-options.ts';

/** `DynamicFormService.Save`: one bill (`Model`; `FID` 0 creates, non-zero updates) → {targetId, targetNumber}. */
export const saveOperation = defineOperation({
  name: '保存单据 / Save',
  description: 'Saves one bill; the system checks it and answers its Id and Number.',
  method: 'POST',
  write: true,
  inputSchema: {
    type: 'object',
    required: ['Model'],
    properties: {
      ...SAVE_OPTION_PROPERTIES,
      Model: {
        type: 'object',
        title: '表单数据包',
        description: 'FID 为 0 或不填时新增',
        examples: [SAMPLE_PAY_BILL],
      },
    },
  },
  outputSchema: {
    type: 'object',
    properties: {
      targetId: { type: 'string', title: '实体主键' },
      targetNumber: { type: 'string', title: '单据编号' },
      Id: { title: '实体主键' },
      Number: { type: 'string', title: '单据编号' },
      NeedReturnData: { type: 'array', title: '返回字段数据' },
    },
  },
  sample: {
    targetId: '100021',
    targetNumber: 'FKD-DT-202603040001',
    Id: 100021,
    Number: 'FKD-DT-202603040001',
    NeedReturnData: [{}],
  },
  buildRequest(context) {
    const { input } = context;
    // Called record by record from a sync (writeBatch on a call operation), the record is `input.record`.
    const model = input.Model ?? input.record;
    if (!isJsonObject(model))
      throw new QiaoError(
        'INPUT_INVALID',
        'Save 需要单据数据包 Model（对象） / Save needs the bill data package Model (an object)',
        {
          details: { field: 'Model' },
        },
      );
    const data: JsonObject = { ...pickParams(input, SAVE_PARAM_KEYS), Model: model };
    return dynamicFormRequest(context, 'Save', { formid: formIdOf(input), data });
  },
  parseOutput(response) {
    const body =
      isJsonObject(response.body) && isJsonObject(response.body.Result) ? response.body.Result : {};
    const entity = responseStatusOf(response.body)?.SuccessEntitys[0];
    const id = body.Id ?? entity?.Id ?? null;
    const number = body.Number ?? entity?.Number ?? null;
    return {
      targetId: id === null ? null : String(id),
      targetNumber: number === null ? null : String(number),
      Id: id,
      Number: number,
      NeedReturnData: body.NeedReturnData ?? [],
    };
  },
  findWritten: findWrittenBill,
});
