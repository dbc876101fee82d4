import type { JsonObject } from '../../../json.ts';
import { expenseFormSchema } from '../../approval-schemas/expense-form-schema.ts';

// JSON Schemas shared by the instance operations; `title`s are DingTalk's own Chinese labels.

/** Schema of the decoded seed-001 expense form (费用报销): the `form` object of a decoded instance. */
export const EXPENSE_FORM_SCHEMA: JsonObject = expenseFormSchema({
  title: '表单（按字段名解码）',
  description:
    '按表单字段的中文名称解码的表单值；明细表为行对象数组（按列名），多选/附件/图片为数组，其余为字符串。',
  detailRow: {
    费用发生日期: { type: 'string', title: '费用发生日期', format: 'date' },
    '报销金额(元)': { type: 'string', title: '报销金额(元)' },
    费用明细: { type: 'string', title: '费用明细' },
    项目费用明细: { type: 'array', title: '项目费用明细（关联审批单）' },
  },
  total: { type: 'string', title: '报销总金额(元)' },
  attachments: { type: 'array', title: '附件' },
});

/** Schema of a decoded legacy instance (`getInstance`, `listInstances` items). */
export const DECODED_INSTANCE_SCHEMA: JsonObject = {
  type: 'object',
  title: '审批实例',
  required: ['processInstanceId', 'process_instance', 'form'],
  properties: {
    processInstanceId: { type: 'string', title: '审批实例ID' },
    businessId: { type: 'string', title: '审批编号' },
    title: { type: 'string', title: '审批标题' },
    status: {
      type: 'string',
      title: '审批状态',
      enum: ['NEW', 'RUNNING', 'TERMINATED', 'COMPLETED', 'CANCELED'],
    },
    result: { type: 'string', title: '审批结果', enum: ['agree', 'refuse', ''] },
    originatorUserId: { type: 'string', title: '发起人userid' },
    createTimeMs: { type: 'number', title: '创建时间（毫秒时间戳）' },
    finishTimeMs: { type: ['number', 'null'], title: '结束时间（毫秒时间戳）' },
    form: EXPENSE_FORM_SCHEMA,
    process_instance: {
      type: 'object',
      title: '审批实例详情（钉钉原始返回）',
      properties: {
        title: { type: 'string', title: '审批实例标题' },
        create_time: { type: 'string', title: '开始时间' },
        finish_time: { type: 'string', title: '结束时间' },
        originator_userid: { type: 'string', title: '发起人的userid' },
        originator_dept_id: { type: 'string', title: '发起人的部门' },
        originator_dept_name: { type: 'string', title: '发起人部门名称' },
        status: { type: 'string', title: '审批状态' },
        result: { type: 'string', title: '审批结果' },
        business_id: { type: 'string', title: '审批实例业务编号' },
        approver_userids: { type: 'array', title: '审批人userid', items: { type: 'string' } },
        form_component_values: { type: 'array', title: '表单详情列表' },
        operation_records: { type: 'array', title: '操作记录列表' },
        tasks: { type: 'array', title: '任务列表' },
      },
    },
  },
};

/** Input schema of the legacy listing operations (`listInstanceIds`, `listInstances`). */
export const LEGACY_LIST_INPUT_SCHEMA: JsonObject = {
  type: 'object',
  required: ['start_time'],
  properties: {
    process_code: { type: 'string', title: '审批流的唯一码', description: '默认取连接配置的 processCode' },
    start_time: {
      type: 'number',
      title: '审批实例开始时间（毫秒时间戳）',
      description: '同步的水位窗口起点放这里',
    },
    end_time: {
      type: 'number',
      title: '审批实例结束时间（毫秒时间戳）',
      description: '默认当前时间；跨度不超过120天',
    },
    size: { type: 'integer', title: '分页参数，每页大小', minimum: 1, maximum: 20, default: 20 },
    userid_list: { type: 'string', title: '发起人userid列表', description: '逗号分隔，最多10个' },
  },
};

/** How far back DingTalk lists approval instances: a listing window must start within 365 days (reference §4). */
export const LIST_MAX_AGE_MS = 365 * 24 * 60 * 60 * 1000;
