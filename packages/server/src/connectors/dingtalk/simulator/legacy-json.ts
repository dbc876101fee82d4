import { memoizeByText } from '../../simulator-kit/index.ts';
import { legacyTime } from './format.ts';
import type { SimInstance } from './instance-model.ts';
import { AFLOW_URL } from './render.ts';

const q = JSON.stringify;

/**
 * `JSON.stringify(text)` for the short strings every instance repeats (userids, names, statuses, form
 * ids, select labels), made once per distinct string: an instance has some sixty such strings, and the
 * call itself costs more than the few characters it quotes.
 */
const qk = memoizeByText(q);

/**
 * The JSON text of the legacy `process_instance` object: exactly `JSON.stringify(renderLegacyInstance(i))`
 * (same members, order and escaping), written directly instead of through an intermediate object — the
 * read path of `topapi/processinstance/get`, where building and serialising that object cost more than
 * generating the instance. Strings that repeat across instances are quoted once (`qk`); the rest (values,
 * remarks, ids) through `JSON.stringify`.
 */
export function legacyInstanceJson(instance: SimInstance): string {
  const o = instance.originator;
  let out =
    `{"title":${qk(instance.title)},"create_time":"${legacyTime(instance.createMs)}",` +
    `"originator_userid":${qk(o.userid)},"originator_dept_id":"${o.deptId}","originator_dept_name":${qk(o.deptName)},` +
    `"status":${qk(instance.status)},"result":${qk(instance.result)},"business_id":${q(instance.businessId)},` +
    `"approver_userids":${quotedList(instance.approverUserIds)},"cc_userids":[],"biz_action":"NONE",` +
    `"attached_process_instance_ids":[],"form_component_values":[`;
  for (let i = 0; i < instance.form.length; i++) {
    const c = instance.form[i] as SimInstance['form'][number];
    // Select labels and notes come from the form's fixed options; other values are the instance's own.
    const repeats = c.componentType === 'DDSelectField' || c.componentType === 'TextNote';
    out += `${i === 0 ? '' : ','}{"id":${qk(c.id)},"component_type":${qk(c.componentType)},"value":${repeats ? qk(c.value) : q(c.value)}`;
    if (c.name !== undefined) out += `,"name":${qk(c.name)}`;
    if (c.extValue !== undefined) out += `,"ext_value":${repeats ? qk(c.extValue) : q(c.extValue)}`;
    out += '}';
  }
  out += '],"operation_records":[';
  for (let i = 0; i < instance.records.length; i++) {
    const r = instance.records[i] as SimInstance['records'][number];
    out +=
      `${i === 0 ? '' : ','}{"userid":${qk(r.userid)},"date":"${legacyTime(r.dateMs)}",` +
      `"operation_type":${qk(r.type)},"operation_result":${qk(r.result)}`;
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
  // The quoted task URL without its closing quote: the task id (a number) and `"` follow.
  const taskUrl = q(`${AFLOW_URL}?procInstId=${instance.id}&taskId=`).slice(0, -1);
  for (let i = 0; i < instance.tasks.length; i++) {
    const t = instance.tasks[i] as SimInstance['tasks'][number];
    out +=
      `${i === 0 ? '' : ','}{"userid":${qk(t.userid)},"task_status":${qk(t.status)},"task_result":${qk(t.result)},` +
      `"create_time":"${legacyTime(t.createMs)}","taskid":"${t.taskId}","url":${taskUrl}${t.taskId}",` +
      `"activity_id":${qk(t.activityId)}`;
    if (t.finishMs !== undefined) out += `,"finish_time":"${legacyTime(t.finishMs)}"`;
    out += '}';
  }
  out += ']';
  if (instance.finishMs !== undefined) out += `,"finish_time":"${legacyTime(instance.finishMs)}"`;
  return `${out}}`;
}

/** `JSON.stringify` of a list of repeated strings (the approvers' userids). */
function quotedList(items: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < items.length; i++) out += `${i === 0 ? '' : ','}${qk(items[i] as string)}`;
  return `${out}]`;
}
