import type { RepositoryContext } from './context.ts';

/** A flow's stored slots (below the limit) and whether the run in each still holds it. */
const SLOTS = `select s.slot, s.run_id, r.status, r.lease_until
  from run_slots s left join runs r on r.id = s.run_id
  where s.flow_key = ? and s.slot < ? order by s.slot`;

/**
 * Takes a slot unless its run holds it (running under a lease valid at the time given): the
 * condition is checked again on the row itself, so of two processes racing for one free slot only
 * one gets it. `run_slots.run_id` is the existing row's value in the DO UPDATE clause on both dialects.
 */
const TAKE = `insert into run_slots (flow_key, slot, run_id) values (?, ?, ?)
  on conflict (flow_key, slot) do update set run_id = excluded.run_id
  where not exists (select 1 from runs r
    where r.id = run_slots.run_id and r.status = 'running' and r.lease_until >= ?)`;

/** Sends a run whose lease lapsed back to `retrying` (due now): its worker's next checkpoint fails. */
const FENCE = `update runs set status = 'retrying', not_before = ?, lease_owner = null, lease_until = null
  where id = ? and status = 'running' and lease_until < ?`;

interface SlotRow {
  slot: number;
  run_id: string;
  status: string | null;
  lease_until: number | string | null;
}

function held(row: SlotRow, now: number): boolean {
  return row.status === 'running' && row.lease_until !== null && Number(row.lease_until) >= now;
}

/** `RunRepository.takeSlot` (port.ts): the run's slot, or the first free one, or none. */
export async function takeSlot(
  ctx: RepositoryContext,
  input: { flowKey: string; runId: string; limit: number; now: number },
): Promise<boolean> {
  const { flowKey, runId, limit, now } = input;
  const { rows } = await ctx.raw<SlotRow>(SLOTS, [flowKey, limit]);
  if (rows.some((row) => row.run_id === runId)) return true;
  const stored = new Map(rows.map((row) => [Number(row.slot), row]));
  for (let slot = 0; slot < limit; slot++) {
    const row = stored.get(slot);
    if (row !== undefined && held(row, now)) continue;
    const { changes } = await ctx.raw(TAKE, [flowKey, slot, runId, now]);
    if (changes === 0) continue; // taken by another process in between
    if (row?.status === 'running') await ctx.raw(FENCE, [now, row.run_id, now]);
    return true;
  }
  return false;
}
