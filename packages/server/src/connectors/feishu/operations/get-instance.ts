import { isJsonObject } from '../../../json.ts';
import { defineOperation } from '../../kit/connector-declaration.ts';
import { decodeInstance } from '../form-decoding.ts';
import { getRequest, instanceCodeOf, instancePath } from '../requests.ts';
import { DECODED_INSTANCE_SCHEMA } from './instance-schema.ts';

/** `getInstance`: one approval instance with its form decoded by widget name (明细 as row objects). */
export const getInstance = defineOperation({
  name: '获取单个审批实例详情 / Get an approval instance',
  description:
    'GET /open-apis/approval/v4/instances/:instance_id：获取审批实例详情，表单（JSON 字符串）按控件名称解码。',
  method: 'GET',
  path: '/open-apis/approval/v4/instances/{{ input.instance_code }}',
  buildRequest: (context) =>
    getRequest(context, instancePath(instanceCodeOf(context.input)), { user_id_type: 'user_id' }),
  parseOutput: (response, context) => {
    const body = isJsonObject(response.body) ? response.body : {};
    return decodeInstance(instanceCodeOf(context.input), body.data);
  },
  inputSchema: {
    type: 'object',
    required: ['instance_code'],
    properties: { instance_code: { type: 'string', title: '审批实例 Code' } },
  },
  outputSchema: DECODED_INSTANCE_SCHEMA,
  sample: {
    instanceCode: '81D31358-93AF-92D6-7425-01A5D67C4E71',
    serialNumber: '20240520000123',
    approvalCode: '7C468A54-8745-2245-9675-08B7C63E7A85',
    approvalName: '费用报销',
    status: 'APPROVED',
    userId: 'E0001',
    openId: 'ou_3cda9c969f737aaa05e6915dce306cb9',
    departmentId: 'od-4e6ac4d14bcd5071a37a39de902c7141',
    startTimeMs: 1716172200000,
    endTimeMs: 1716190200000,
    form: {
      费用归属项目: '华东智慧园区项目',
      报销类别: '项目报销',
      项目报销类型: '项目差旅费',
      报销明细: [
        { 费用发生日期: '2024-05-12T00:00:00+08:00', '报销金额(元)': 1200, 费用明细: '项目现场出差往返机票' },
      ],
      '报销总金额(元)': 1200,
      附件: [],
      备注: '',
    },
    comments: [],
    instance: { status: 'APPROVED', form: '[…]' },
  },
});
