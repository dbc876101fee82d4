import { isJsonObject } from '../json.ts';
import type { FlowRef } from '../runs/index.ts';
import type { Store } from '../store/port.ts';

/** A flow or sync that fires on a cron schedule. */
export interface ScheduledFlow {
  /** The key of its fire marks: `flow:<id>` or `sync:<id>`. */
  key: string;
  ref: FlowRef;
  cron: string;
  timezone: string;
}

/** Reads the enabled flows with a schedule trigger and the enabled syncs with a schedule from the store. */
export async function loadScheduledFlows(store: Store): Promise<ScheduledFlow[]> {
  const out: ScheduledFlow[] = [];
  for (const head of await store.documents.list()) {
    if (!head.enabled || (head.kind !== 'flow' && head.kind !== 'sync')) continue;
    const doc = await store.documents.get(head.kind, head.id, head.currentVersion);
    const def = doc?.definition;
    if (!def || def.enabled === false) continue;
    const schedule = head.kind === 'flow' ? def.trigger : def.schedule;
    if (!isJsonObject(schedule) || typeof schedule.cron !== 'string') continue;
    if (head.kind === 'flow' && schedule.type !== 'schedule') continue;
    out.push({
      key: `${head.kind}:${head.id}`,
      ref: { kind: head.kind, id: head.id },
      cron: schedule.cron,
      timezone: typeof schedule.timezone === 'string' ? schedule.timezone : 'Asia/Shanghai',
    });
  }
  return out;
}
