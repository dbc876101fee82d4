import type { JsonObject } from '../../../json.ts';
import { expenseFormSchema } from '../../approval-schemas/expense-form-schema.ts';

// JSON Schemas shared by the instance operations; `title`s are Feishu's own Chinese labels.

/** Schema of the decoded expense form (费用报销) — keyed by widget name. */
export const EXPENSE_FORM_SCHEMA: JsonObject = expenseFormSchema({
  title: '表单（按控件名称解码）',
  description:
    '按控件名称解码的表单值；明细（fieldList）为行对象数组，金额/数字为数值，日期为 RFC 3339 字符串，附件为链接数组。',
  detailRow: {
    费用发生日期: { type: 'string', title: '费用发生日期', format: 'date-time' },
    '报销金额(元)': { type: 'number', title: '报销金额(元)' },
    费用明细: { type: 'string', title: '费用明细' },
  },
  total: { type: 'number', title: '报销总金额(元)' },
  attachments: { type: 'array', title: '附件', items: { type: 'string' } },
});

/** Schema of a decoded instance (`getInstance`, `listInstances` items). */
export const DECODED_INSTANCE_SCHEMA: JsonObject = {
  type: 'object',
  title: '审批实例',
  required: ['instanceCode', 'form', 'instance'],
  properties: {
    instanceCode: { type: 'string', title: '审批实例 Code' },
    serialNumber: { type: 'string', title: '审批单编号' },
    approvalCode: { type: 'string', title: '审批定义 Code' },
    approvalName: { type: 'string', title: '审批名称' },
    status: {
      type: 'string',
      title: '审批实例状态',
      enum: ['PENDING', 'APPROVED', 'REJECTED', 'CANCELED', 'DELETED'],
    },
    userId: { type: 'string', title: '发起审批用户 user_id' },
    openId: { type: 'string', title: '发起审批用户 open_id' },
    departmentId: { type: 'string', title: '发起审批用户所在部门' },
    startTimeMs: { type: ['number', 'null'], title: '审批创建时间（毫秒）' },
    endTimeMs: { type: ['number', 'null'], title: '审批完成时间（毫秒），未完成为 null' },
    form: EXPENSE_FORM_SCHEMA,
    comments: {
      type: 'array',
      title: '评论列表',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', title: '评论 ID' },
          userId: { type: 'string', title: '发表评论用户' },
          text: { type: 'string', title: '评论内容' },
          createTimeMs: { type: ['number', 'null'], title: '评论时间' },
        },
      },
    },
    instance: { type: 'object', title: '审批实例详情（飞书原始返回 data，form 为 JSON 字符串）' },
  },
};

/** Input schema of the listing operations (`listInstanceCodes`, `listInstances`). */
export const LIST_INPUT_SCHEMA: JsonObject = {
  type: 'object',
  required: ['start_time'],
  properties: {
    approval_code: { type: 'string', title: '审批定义 Code', description: '默认取连接配置的 approvalCode' },
    start_time: {
      type: 'number',
      title: '审批实例创建时间区间 - 开始时间（毫秒）',
      description: '同步的水位窗口起点放这里',
    },
    end_time: {
      type: 'number',
      title: '审批实例创建时间区间 - 结束时间（毫秒）',
      description: '默认当前时间',
    },
    page_size: { type: 'integer', title: '分页大小', minimum: 1, maximum: 100, default: 100 },
  },
};
