import { randomUUID } from 'node:crypto';
import type { SimInstance } from './instance-model.ts';
import type { SimContext } from './sim-context.ts';

/** The `type` of a bpms_instance_change event. */
export type InstanceChangeType = 'start' | 'finish' | 'terminate';

/** The decrypted JSON of a `bpms_instance_change` HTTP-push event (reference §7.3; times are epoch ms numbers). */
export function instanceChangeEvent(
  ctx: SimContext,
  instance: SimInstance,
  type: InstanceChangeType,
): Record<string, unknown> {
  const event: Record<string, unknown> = {
    EventType: 'bpms_instance_change',
    EventTime: ctx.now(),
    CorpId: ctx.app.corpId,
    BizId: instance.id,
    eventId: randomUUID().replace(/-/g, ''),
    processInstanceId: instance.id,
    processCode: instance.processCode,
    bizCategoryId: '',
    businessId: instance.businessId,
    corpId: ctx.app.corpId,
    title: instance.title,
    type,
    staffId: instance.originator.userid,
    createTime: instance.createMs,
    url: `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?corpid=${ctx.app.corpId}&dd_share=false&showmenu=true&dd_progress=false&back=native&procInstId=${instance.id}&taskId=&swfrom=isv&dinghash=approval&dd_from=#approval`,
  };
  if (type === 'finish') event.result = instance.result;
  if (type !== 'start' && instance.finishMs !== undefined) event.finishTime = instance.finishMs;
  return event;
}

/** Pushes the event of `instance` changing (no-op without a registered callback URL). */
export function announce(ctx: SimContext, instance: SimInstance, type: InstanceChangeType): void {
  ctx.pusher.push(instanceChangeEvent(ctx, instance, type));
}
