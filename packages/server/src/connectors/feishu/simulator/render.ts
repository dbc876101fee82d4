import type { SimComment } from './comments.ts';
import type { SimInstance } from './instance-model.ts';

const ms = (value: number | undefined) => (value === undefined ? '0' : String(value));

/**
 * The `data` of `GET /open-apis/approval/v4/instances/:id` (reference §2.2): times as ms strings,
 * `end_time` "0" while pending, `form` a JSON **string** of widgets, comments in `comment_list`.
 */
export function renderInstance(
  instance: SimInstance,
  approval: { code: string; name: string },
  comments: readonly SimComment[],
): Record<string, unknown> {
  const o = instance.originator;
  return {
    approval_name: approval.name,
    approval_code: approval.code,
    start_time: ms(instance.createMs),
    end_time: ms(instance.endMs),
    user_id: o.userId,
    open_id: o.openId,
    serial_number: instance.serialNumber,
    department_id: o.departmentId,
    status: instance.status,
    uuid: instance.uuid,
    instance_code: instance.code,
    reverted: false,
    form: JSON.stringify(instance.form),
    task_list: instance.tasks.map((t) => ({
      id: t.id,
      user_id: t.person.userId,
      open_id: t.person.openId,
      status: t.status,
      node_id: t.nodeId,
      node_name: t.nodeName,
      custom_node_id: '',
      type: 'AND',
      start_time: ms(t.startMs),
      end_time: ms(t.endMs),
    })),
    comment_list: comments.map((c) => ({
      id: c.id,
      user_id: c.person.userId,
      open_id: c.person.openId,
      comment: c.text,
      create_time: ms(c.createMs),
      files: c.files,
    })),
    timeline: instance.timeline.map((e) => {
      const entry: Record<string, unknown> = {
        type: e.type,
        create_time: ms(e.atMs),
        user_id: e.person.userId,
        open_id: e.person.openId,
        ext: JSON.stringify(e.comment ? { comment: e.comment } : {}),
      };
      if (e.nodeKey) entry.node_key = e.nodeKey;
      if (e.taskId) entry.task_id = e.taskId;
      return entry;
    }),
  };
}
