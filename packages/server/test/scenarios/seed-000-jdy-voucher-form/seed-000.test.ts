import { afterEach, describe, expect, it } from 'vitest';
import { demoVouchers, runScenario000 } from '../../../src/demo/scenario-000.ts';
import { type SeedHarness, startSeedHarness } from '../seed-001-dingtalk-to-k3cloud/harness.ts';

function cents(value: unknown): number {
  return Math.round(Number(value) * 100);
}

describe('seed 000: voucher form to jdy vouchers', () => {
  let h: SeedHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('creates one balanced voucher per balanced record and shows the system reason for the unbalanced one', async () => {
    h = await startSeedHarness({ instances: 1 });
    const records = demoVouchers('2026-11-20');
    const result = await runScenario000(h.runtime, h.systems.jdy.sim, records);
    const created = h.systems.jdy.sim.state.vouchers.createdVouchers();
    expect(result.vouchersCreated).toBe(3);
    expect(created).toHaveLength(3);
    for (const voucher of created) {
      const debit = voucher.entries.filter((e) => e.dc === 1).reduce((s, e) => s + cents(e.amount), 0);
      const credit = voucher.entries.filter((e) => e.dc === -1).reduce((s, e) => s + cents(e.amount), 0);
      expect(debit).toBe(credit);
      expect(debit).toBeGreaterThan(0);
    }
    // Every voucher's lines come from its record's detail rows, linked by the record id.
    for (const outcome of result.records.filter((r) => r.ok)) {
      const voucher = h.systems.jdy.sim.state.vouchers.findByLinkId(`qiao-${outcome.recordId}`);
      const record = records.find((r) => r.title === outcome.title);
      expect(voucher?.entries.length).toBe(((record?.lines ?? []) as unknown[]).length);
    }
    const failed = result.records.filter((r) => !r.ok);
    expect(failed.map((r) => r.title)).toEqual(['招待客户（借贷不平，应失败）']);
    expect(failed[0]?.run?.status).toBe('failed');
    expect(failed[0]?.error).toContain('借贷不平衡');
  });

  it("passes the token step's access token to the save, stored only masked", async () => {
    h = await startSeedHarness({ instances: 1 });
    const result = await runScenario000(h.runtime, h.systems.jdy.sim, demoVouchers('2026-11-20').slice(0, 1));
    const runId = result.records[0]?.run?.id ?? '';
    const steps = await h.runtime.store.steps.list(runId);
    const token = steps.find((s) => s.path === 'getToken')?.output as { access_token?: string } | undefined;
    const save = steps.find((s) => s.path === 'saveVoucher')?.input as { access_token?: string } | undefined;
    // The step records hold the token masked; the save only succeeds with the live token (the simulator checks it).
    expect(token?.access_token).toBe('***');
    expect(save?.access_token).toBe('***');
    expect(result.records[0]?.ok).toBe(true);
    expect(h.systems.jdy.sim.inspect()).toMatchObject({ createdVouchers: 1, tokensIssued: 1 });
  });

  it('rejects a record without its detail rows before any flow runs', async () => {
    h = await startSeedHarness({ instances: 1 });
    const bad = { date: '2026-11-20', word: '记', title: '缺少分录', lines: [] };
    await expect(runScenario000(h.runtime, h.systems.jdy.sim, [bad])).rejects.toMatchObject({
      code: 'INPUT_INVALID',
    });
    expect(h.systems.jdy.sim.state.vouchers.createdCount).toBe(0);
  });
});
