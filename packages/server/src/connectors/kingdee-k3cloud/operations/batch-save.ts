import { QiaoError } from '../../../errors/index.ts';
import type { JsonObject, JsonValue } from '../../../json.ts';
import type { BatchItemResult, HttpResponse } from '../../kit/index.ts';
import { defineOperation } from '../../kit/index.ts';
import { errorOfStatus } from '../classify.ts';
import { billNumberOf, findWrittenBill } from '../find-written.ts';
import {
  dynamicFormRequest,
  formIdOf,
  type K3Message,
  pickParams,
  responseStatusOf,
} from '../k3-envelope.ts';
import { SAVE_OPTION_PROPERTIES, SAVE_PARAM_KEYS } from './save-options.ts';

/** Packages per BatchSave call: a project choice (Kingdee documents no maximum; reference §4). */
export const BATCH_SAVE_MAX = 100;

/** `BatchCount` is sent only when it is below the number of packages (the server's rule, reference §4). */
function batchCount(input: JsonObject, packages: number): JsonObject {
  const count = Number(input.BatchCount);
  return Number.isInteger(count) && count > 0 && count < packages ? { BatchCount: count } : {};
}

/** The structured error of a package the answer does not mention (built once: the same for every such package). */
let uncertainError: ReturnType<QiaoError['toStructured']> | undefined;

function uncertain(index: number): BatchItemResult {
  uncertainError ??= new QiaoError(
    'CONNECTOR_UNCERTAIN_WRITE',
    '金蝶云星空没有返回该数据包的结果 / Kingdee K3Cloud returned no result for this package',
  ).toStructured();
  return { index, ok: false, error: { ...uncertainError } };
}

/**
 * Per-package results of a BatchSave answer keyed by DIndex: SuccessEntitys → ok with Id/Number;
 * Errors → the classified error (duplicate, rejected …) with the system's messages and MsgCode; a
 * package the answer does not mention → uncertain write.
 */
export function parseBatchSave(response: HttpResponse, records: JsonValue[]): BatchItemResult[] {
  const status = responseStatusOf(response.body);
  const results: (BatchItemResult | undefined)[] = new Array(records.length);
  if (!status) return records.map((_, index) => uncertain(index));
  const errorsByIndex = new Map<number, K3Message[]>();
  for (const e of status.Errors) errorsByIndex.set(e.DIndex, [...(errorsByIndex.get(e.DIndex) ?? []), e]);
  for (const [index, errors] of errorsByIndex) {
    if (index < 0 || index >= records.length) continue;
    const error = errorOfStatus(status, { errors }).toStructured();
    const number = billNumberOf(records[index] ?? null);
    if (error.code === 'CONNECTOR_DUPLICATE') error.details = { FBillNo: number ?? null };
    results[index] = { index, ok: false, error };
  }
  for (const entity of status.SuccessEntitys) {
    if (entity.DIndex < 0 || entity.DIndex >= records.length) continue;
    results[entity.DIndex] = {
      index: entity.DIndex,
      ok: true,
      targetId: entity.Id,
      targetNumber: entity.Number,
    };
  }
  // A package the answer mentions neither as saved nor as failed: its outcome is unknown.
  for (let index = 0; index < results.length; index++) results[index] ??= uncertain(index);
  return results as BatchItemResult[];
}

/** `DynamicFormService.BatchSave`: records are the `Model` packages; one result per package (DIndex). */
export const batchSaveOperation = defineOperation({
  name: '批量保存单据 / BatchSave',
  description: 'Saves many bills in one call; each package succeeds or fails on its own.',
  method: 'POST',
  write: true,
  batch: {
    recordsParam: 'body.data.Model',
    maxSize: BATCH_SAVE_MAX,
    // Unused: parseBatch reads the results (kept for tools that only read the declaration).
    results: 'Result.ResponseStatus.SuccessEntitys',
  },
  inputSchema: {
    type: 'object',
    properties: {
      ...SAVE_OPTION_PROPERTIES,
      BatchCount: { type: 'integer', minimum: 1, title: '服务端开启的线程数', description: '需小于数据包数' },
    },
  },
  outputSchema: {
    type: 'object',
    description: 'Per record: {index, ok, targetId (Id), targetNumber (Number/FBillNo), error}',
    properties: {
      targetId: { type: 'string', title: '实体主键' },
      targetNumber: { type: 'string', title: '单据编号' },
    },
  },
  sample: [
    { index: 0, ok: true, targetId: '100021', targetNumber: 'FKD-DT-202603040001' },
    {
      index: 1,
      ok: false,
      error: {
        code: 'CONNECTOR_DUPLICATE',
        kind: 'user',
        retryable: false,
        message:
          '金蝶云星空：违反字段唯一性要求：编码唯一。[FKD-DT-202603040002]在当前系统中已经被使用。 / ' +
          'Kingdee K3Cloud: 违反字段唯一性要求：编码唯一。[FKD-DT-202603040002]在当前系统中已经被使用。',
        system: { MsgCode: 11 },
      },
    },
  ],
  buildRequest(context) {
    const { input } = context;
    const records = Array.isArray(input.records) ? input.records : [];
    const data: JsonObject = {
      ...pickParams(input, SAVE_PARAM_KEYS),
      ...batchCount(input, records.length),
      Model: records,
    };
    return dynamicFormRequest(context, 'BatchSave', { formid: formIdOf(input), data });
  },
  parseBatch: (response, records) => parseBatchSave(response, records),
  findWritten: findWrittenBill,
});
