import { afterEach, describe, expect, it } from 'vitest';
import { createDingtalkSimulator } from './create-dingtalk-simulator.ts';
import { EXPENSE_FORM_IDS } from './expense-form.ts';
import { type SimulatorHarness, startSimulatorHarness } from './testing.ts';

const DAY = 86_400_000;
const ANCHOR = Date.UTC(2026, 0, 15, 4, 0, 0);
let h: SimulatorHarness | undefined;
afterEach(() => h?.server.close());

type Item = { id: string; name?: string; value: string; ext_value?: string; component_type: string };
type Cell = { label: string; key: string; value: unknown };

const allIds = () => {
  const sim = createDingtalkSimulator({ instances: 400, anchorTime: ANCHOR, now: () => ANCHOR });
  return {
    sim,
    ids: sim.state.store.list({ startMs: ANCHOR - 90 * DAY, endMs: ANCHOR, offset: 0, limit: 10_000 }).ids,
  };
};

describe('dingtalk simulator instances', () => {
  it('encodes the 报销明细 table as a json string of rows whose amounts sum to the total', async () => {
    h = await startSimulatorHarness({ anchorTime: ANCHOR, now: () => ANCHOR, instances: 50 });
    const token = await h.legacyToken();
    const id = h.sim.state.store.list({ startMs: ANCHOR - 90 * DAY, endMs: ANCHOR, offset: 7, limit: 1 })
      .ids[0];
    const r = await h.legacy('/topapi/processinstance/get', token, { process_instance_id: id });
    expect(r.body.errcode).toBe(0);
    const pi = r.body.process_instance as Record<string, unknown>;
    const items = pi.form_component_values as Item[];
    for (const label of ['费用归属项目', '报销类别', '行政报销类型', '项目报销类型', '报销明细', '附件'])
      expect(items.some((i) => i.name === label)).toBe(true);
    expect(items.find((i) => i.id === EXPENSE_FORM_IDS.note)?.name).toBeUndefined();
    for (const item of items) expect(typeof item.value).toBe('string');
    const table = items.find((i) => i.component_type === 'TableField') as Item;
    const rows = JSON.parse(table.value) as { rowValue: Cell[]; rowNumber: string }[];
    expect(rows.length).toBeGreaterThan(0);
    let cents = 0;
    for (const row of rows) {
      expect(row.rowNumber.startsWith(`${EXPENSE_FORM_IDS.table}_`)).toBe(true);
      const amount = row.rowValue.find((c) => c.key === EXPENSE_FORM_IDS.rowAmount)?.value as string;
      expect(amount).toMatch(/^\d+\.\d{2}$/);
      cents += Math.round(Number(amount) * 100);
      expect(row.rowValue.find((c) => c.key === EXPENSE_FORM_IDS.rowDate)?.value).toMatch(
        /^\d{4}-\d{2}-\d{2}$/,
      );
    }
    const total = items.find((i) => i.id === EXPENSE_FORM_IDS.total) as Item;
    expect(Math.round(Number(total.value) * 100)).toBe(cents);
    expect(JSON.parse(table.ext_value as string).componentName).toBe('TableField');
    expect(pi.create_time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(pi.originator_dept_name).toBeTruthy();
  });

  it('renders v1.0 camelCase with Beijing wall-clock times carrying a literal Z', async () => {
    h = await startSimulatorHarness({ anchorTime: ANCHOR, now: () => ANCHOR, instances: 50 });
    const token = await h.v1Token();
    const id = h.sim.state.store.list({ startMs: ANCHOR - 90 * DAY, endMs: ANCHOR, offset: 3, limit: 1 })
      .ids[0] as string;
    const r = await h.v1('GET', `/v1.0/workflow/processInstances?processInstanceId=${id}`, token);
    expect(r.status).toBe(200);
    expect(r.body.success).toBe(true);
    const result = r.body.result as Record<string, unknown>;
    expect(result.createTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$/);
    const createMs = h.sim.state.store.get(id)?.createMs as number;
    expect(result.createTime).toBe(`${new Date(createMs + 8 * 3_600_000).toISOString().slice(0, 16)}Z`);
    expect(Array.isArray(result.formComponentValues)).toBe(true);
    expect(
      (result.formComponentValues as { bizAlias?: string }[]).every((c) => typeof c.bizAlias === 'string'),
    ).toBe(true);
  });

  it('answers an unknown instance with processInstanceNotExist in both generations', async () => {
    h = await startSimulatorHarness();
    const token = await h.legacyToken();
    const legacy = await h.legacy('/topapi/processinstance/get', token, { process_instance_id: 'nope' });
    expect(legacy.body).toMatchObject({ errcode: 88, sub_code: 'processInstanceNotExist' });
    const missing = await h.legacy('/topapi/processinstance/get', token, {});
    expect(missing.body.errcode).toBe(40035);
    const v1 = await h.v1('GET', '/v1.0/workflow/processInstances?processInstanceId=nope', token);
    expect(v1.status).toBe(400);
    expect(v1.body.code).toBe('processInstanceNotExist');
  });

  it('produces a realistic status mix with results only on completed instances', () => {
    const { sim, ids } = allIds();
    const counts: Record<string, number> = {};
    for (const id of ids) {
      const i = sim.state.store.get(id);
      if (!i) throw new Error(`missing ${id}`);
      const key = `${i.status}:${i.result}`;
      counts[key] = (counts[key] ?? 0) + 1;
      if (i.status === 'RUNNING') expect(i.finishMs).toBeUndefined();
      else expect(i.finishMs).toBeGreaterThan(i.createMs);
      if (i.status !== 'COMPLETED') expect(i.result).toBe('');
    }
    expect(counts['COMPLETED:agree'] ?? 0).toBeGreaterThan(ids.length * 0.6);
    expect(counts['COMPLETED:refuse'] ?? 0).toBeGreaterThan(0);
    expect(counts['RUNNING:'] ?? 0).toBeGreaterThan(0);
    expect(counts['TERMINATED:'] ?? 0).toBeGreaterThan(0);
  });

  it('records approvals as tasks and operation records', () => {
    const { sim, ids } = allIds();
    const refused = ids.map((id) => sim.state.store.get(id)).find((i) => i?.result === 'refuse');
    expect(refused?.records.map((r) => r.type)).toEqual(['START_PROCESS_INSTANCE', 'EXECUTE_TASK_NORMAL']);
    expect(refused?.records[1]?.result).toBe('REFUSE');
    const agreed = ids.map((id) => sim.state.store.get(id)).find((i) => i?.result === 'agree');
    expect(agreed?.tasks.map((t) => t.result)).toEqual(['AGREE', 'AGREE']);
  });
});
