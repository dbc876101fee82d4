import { isJsonObject } from '../json.ts';
import type { FlowRef } from '../runs/index.ts';
import type { Store } from '../store/port.ts';
import { parseDuration } from '../sync/window.ts';

/** A flow or sync that fires on a cron schedule. */
export interface ScheduledFlow {
  /** The key of its fire marks: `flow:<id>` or `sync:<id>`. */
  key: string;
  ref: FlowRef;
  cron: string;
  timezone: string;
  /** A sync's scheduled backfill: each firing re-reads [slot − lookbackMs, slot] (trigger `backfill`). */
  lookbackMs?: number;
}

/** Reads the enabled flows with a schedule trigger, the enabled syncs with a schedule and those with a scheduled backfill. */
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
  return [...out, ...(await loadScheduledBackfills(store))];
}

/** The enabled syncs with a `backfill` schedule, each a schedule of its own (key `sync-backfill:<id>`). */
async function loadScheduledBackfills(store: Store): Promise<ScheduledFlow[]> {
  const out: ScheduledFlow[] = [];
  for (const head of await store.documents.list('sync')) {
    if (!head.enabled) continue;
    const def = (await store.documents.get('sync', head.id, head.currentVersion))?.definition;
    const backfill = def?.enabled === false ? undefined : def?.backfill;
    if (!isJsonObject(backfill) || typeof backfill.cron !== 'string') continue;
    const lookback = backfill.lookback;
    if (typeof lookback !== 'number' && typeof lookback !== 'string') continue;
    out.push({
      key: `sync-backfill:${head.id}`,
      ref: { kind: 'sync', id: head.id },
      cron: backfill.cron,
      timezone: typeof backfill.timezone === 'string' ? backfill.timezone : 'Asia/Shanghai',
      lookbackMs: parseDuration(lookback),
    });
  }
  return out;
}
