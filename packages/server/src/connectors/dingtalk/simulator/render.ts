import { legacyTime, v1Time } from './format.ts';
import type { SimInstance } from './instance-model.ts';

/** The mobile approval page every task URL points at. */
export const AFLOW_URL = 'https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm';

/** The legacy `process_instance` object of `topapi/processinstance/get` (snake_case, `yyyy-MM-dd HH:mm:ss`). */
export function renderLegacyInstance(instance: SimInstance): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: instance.title,
    create_time: legacyTime(instance.createMs),
    originator_userid: instance.originator.userid,
    originator_dept_id: String(instance.originator.deptId),
    originator_dept_name: instance.originator.deptName,
    status: instance.status,
    result: instance.result,
    business_id: instance.businessId,
    approver_userids: instance.approverUserIds,
    cc_userids: [],
    biz_action: 'NONE',
    attached_process_instance_ids: [],
    form_component_values: instance.form.map((c) => {
      const item: Record<string, unknown> = { id: c.id, component_type: c.componentType, value: c.value };
      if (c.name !== undefined) item.name = c.name;
      if (c.extValue !== undefined) item.ext_value = c.extValue;
      return item;
    }),
    operation_records: instance.records.map((r) => {
      const item: Record<string, unknown> = {
        userid: r.userid,
        date: legacyTime(r.dateMs),
        operation_type: r.type,
        operation_result: r.result,
      };
      if (r.remark !== undefined) item.remark = r.remark;
      if (r.attachments?.length) {
        item.attachments = r.attachments.map((a) => ({
          file_name: a.fileName,
          file_size: a.fileSize,
          file_id: a.fileId,
          file_type: a.fileType,
        }));
      }
      return item;
    }),
    tasks: instance.tasks.map((t) => {
      const item: Record<string, unknown> = {
        userid: t.userid,
        task_status: t.status,
        task_result: t.result,
        create_time: legacyTime(t.createMs),
        taskid: String(t.taskId),
        url: `${AFLOW_URL}?procInstId=${instance.id}&taskId=${t.taskId}`,
        activity_id: t.activityId,
      };
      if (t.finishMs !== undefined) item.finish_time = legacyTime(t.finishMs);
      return item;
    }),
  };
  if (instance.finishMs !== undefined) out.finish_time = legacyTime(instance.finishMs);
  return out;
}

/** The v1.0 `result` object of `GET /v1.0/workflow/processInstances` (camelCase, `yyyy-MM-ddTHH:mmZ` Beijing). */
export function renderV1Instance(instance: SimInstance): Record<string, unknown> {
  const out: Record<string, unknown> = {
    title: instance.title,
    createTime: v1Time(instance.createMs),
    originatorUserId: instance.originator.userid,
    originatorDeptId: String(instance.originator.deptId),
    originatorDeptName: instance.originator.deptName,
    status: instance.status,
    result: instance.result,
    businessId: instance.businessId,
    approverUserIds: instance.approverUserIds,
    ccUserIds: [],
    bizAction: 'NONE',
    bizData: '',
    attachedProcessInstanceIds: [],
    mainProcessInstanceId: '',
    formComponentValues: instance.form.map((c) => {
      const item: Record<string, unknown> = {
        id: c.id,
        componentType: c.componentType,
        bizAlias: c.bizAlias,
        value: c.value,
      };
      if (c.name !== undefined) item.name = c.name;
      if (c.extValue !== undefined) item.extValue = c.extValue;
      return item;
    }),
    operationRecords: instance.records.map((r) => ({
      userId: r.userid,
      date: v1Time(r.dateMs),
      type: r.type,
      result: r.result,
      ...(r.remark !== undefined ? { remark: r.remark } : {}),
      ...(r.attachments?.length ? { attachments: r.attachments } : {}),
      ...(r.photos?.length ? { images: r.photos } : {}),
    })),
    tasks: instance.tasks.map((t) => ({
      taskId: t.taskId,
      userId: t.userid,
      status: t.status,
      result: t.result,
      createTime: v1Time(t.createMs),
      ...(t.finishMs !== undefined ? { finishTime: v1Time(t.finishMs) } : {}),
      mobileUrl: `${AFLOW_URL}?procInstId=${instance.id}&taskId=${t.taskId}`,
      pcUrl: `https://aflow.dingtalk.com/dingtalk/pc/query/pchomepage.htm?procInstId=${instance.id}`,
      processInstanceId: instance.id,
      activityId: t.activityId,
    })),
  };
  if (instance.finishMs !== undefined) out.finishTime = v1Time(instance.finishMs);
  return out;
}
