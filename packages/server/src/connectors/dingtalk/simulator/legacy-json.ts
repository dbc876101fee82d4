import { legacyTime } from './format.ts';
import type { SimInstance } from './instance-model.ts';
import { AFLOW_URL } from './render.ts';

const q = JSON.stringify;

/**
 * The JSON text of the legacy `process_instance` object: exactly `JSON.stringify(renderLegacyInstance(i))`
 * (same members, order and escaping), written directly instead of through an intermediate object — the
 * read path of `topapi/processinstance/get`, where building and serialising that object cost more than
 * generating the instance.
 */
export function legacyInstanceJson(instance: SimInstance): string {
  const o = instance.originator;
  let out =
    `{"title":${q(instance.title)},"create_time":"${legacyTime(instance.createMs)}",` +
    `"originator_userid":${q(o.userid)},"originator_dept_id":"${o.deptId}","originator_dept_name":${q(o.deptName)},` +
    `"status":${q(instance.status)},"result":${q(instance.result)},"business_id":${q(instance.businessId)},` +
    `"approver_userids":${q(instance.approverUserIds)},"cc_userids":[],"biz_action":"NONE",` +
    `"attached_process_instance_ids":[],"form_component_values":[`;
  for (let i = 0; i < instance.form.length; i++) {
    const c = instance.form[i] as SimInstance['form'][number];
    out += `${i === 0 ? '' : ','}{"id":${q(c.id)},"component_type":${q(c.componentType)},"value":${q(c.value)}`;
    if (c.name !== undefined) out += `,"name":${q(c.name)}`;
    if (c.extValue !== undefined) out += `,"ext_value":${q(c.extValue)}`;
    out += '}';
  }
  out += '],"operation_records":[';
  for (let i = 0; i < instance.records.length; i++) {
    const r = instance.records[i] as SimInstance['records'][number];
    out +=
      `${i === 0 ? '' : ','}{"userid":${q(r.userid)},"date":"${legacyTime(r.dateMs)}",` +
      `"operation_type":${q(r.type)},"operation_result":${q(r.result)}`;
    if (r.remark !== undefined) out += `,"remark":${q(r.remark)}`;
    if (r.attachments?.length) {
      out += ',"attachments":[';
      for (let k = 0; k < r.attachments.length; k++) {
        const a = r.attachments[k] as NonNullable<typeof r.attachments>[number];
        out +=
          `${k === 0 ? '' : ','}{"file_name":${q(a.fileName)},"file_size":${q(a.fileSize)},` +
          `"file_id":${q(a.fileId)},"file_type":${q(a.fileType)}}`;
      }
      out += ']';
    }
    out += '}';
  }
  out += '],"tasks":[';
  const taskUrl = `${AFLOW_URL}?procInstId=${instance.id}&taskId=`;
  for (let i = 0; i < instance.tasks.length; i++) {
    const t = instance.tasks[i] as SimInstance['tasks'][number];
    out +=
      `${i === 0 ? '' : ','}{"userid":${q(t.userid)},"task_status":${q(t.status)},"task_result":${q(t.result)},` +
      `"create_time":"${legacyTime(t.createMs)}","taskid":"${t.taskId}","url":${q(`${taskUrl}${t.taskId}`)},` +
      `"activity_id":${q(t.activityId)}`;
    if (t.finishMs !== undefined) out += `,"finish_time":"${legacyTime(t.finishMs)}"`;
    out += '}';
  }
  out += ']';
  if (instance.finishMs !== undefined) out += `,"finish_time":"${legacyTime(instance.finishMs)}"`;
  return `${out}}`;
}
