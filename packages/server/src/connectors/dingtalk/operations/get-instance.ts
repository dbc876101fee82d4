import { isJsonObject, type JsonObject } from '../../../json.ts';
import { defineOperation } from '../../kit/connector-declaration.ts';
import { decodeLegacyInstance } from '../form-decoding.ts';
import { fieldsOf, legacyPost, pick } from '../requests.ts';
import { DECODED_INSTANCE_SCHEMA } from './instance-schema.ts';

/** Path of the legacy instance detail API (reference §4.1). */
export const GET_PATH = '/topapi/processinstance/get';

/** The instance id of an input (`process_instance_id` or `processInstanceId`). */
export function instanceIdOf(input: JsonObject): string {
  const id = pick(fieldsOf(input), 'process_instance_id', 'processInstanceId', 'id');
  return id === undefined ? '' : String(id);
}

/** `getInstance`: one approval instance, raw (`process_instance`) plus its form decoded by label (`form`). */
export const getInstance = defineOperation({
  name: '获取审批实例详情 / Get an approval instance',
  description:
    'topapi/processinstance/get：获取单个审批实例详情，并把表单按字段名解码（明细表解析为行数组）。',
  method: 'POST',
  path: GET_PATH,
  buildRequest: (context) =>
    legacyPost(context, GET_PATH, { process_instance_id: instanceIdOf(context.input) }),
  parseOutput: (response, context) => {
    const body = isJsonObject(response.body) ? response.body : {};
    return decodeLegacyInstance(instanceIdOf(context.input), body.process_instance);
  },
  write: false,
  inputSchema: {
    type: 'object',
    required: ['process_instance_id'],
    properties: { process_instance_id: { type: 'string', title: '审批实例ID' } },
  },
  outputSchema: DECODED_INSTANCE_SCHEMA,
  sample: {
    processInstanceId: '8f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    businessId: '202405201030000123456',
    title: '张伟提交的费用报销',
    status: 'COMPLETED',
    result: 'agree',
    originatorUserId: 'manager1001',
    createTimeMs: 1716172200000,
    finishTimeMs: 1716190200000,
    form: {
      费用归属项目: '华东智慧园区项目',
      报销类别: '项目报销',
      行政报销类型: '',
      项目报销类型: '项目差旅费',
      报销明细: [{ 费用发生日期: '2024-05-12', '报销金额(元)': '1200.00', 费用明细: '项目现场出差往返机票' }],
      '报销总金额(元)': '1200.00',
      附件: [],
      备注: '',
    },
    process_instance: { title: '张伟提交的费用报销', status: 'COMPLETED', result: 'agree' },
  },
});
