import { afterEach, describe, expect, it } from 'vitest';
import { runScenario001, SEED_001_SYNC } from '../../../src/demo/scenario-001.ts';
import { seed001FinalState } from './final-state.ts';
import { type SeedHarness, startSeedHarness } from './harness.ts';

describe('seed 001: dingtalk expense approvals to k3cloud payment bills', () => {
  let h: SeedHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function run(harness: SeedHarness) {
    return runScenario001(harness.runtime, {
      dingtalk: harness.systems.dingtalk.sim,
      k3cloud: harness.systems.k3cloud.sim,
    });
  }

  it('turns every agreed instance into exactly one bill of the same total, written back once', async () => {
    h = await startSeedHarness({ instances: 120 });
    const result = await run(h);
    expect(result.run.status).toBe('succeeded');
    const state = seed001FinalState(h.systems.dingtalk.sim, h.systems.k3cloud.sim);
    expect(state.agreed).toBeGreaterThan(60);
    expect(state).toMatchObject({
      missing: [],
      doubled: [],
      unexpected: [],
      wrongTotal: [],
      wrongComments: [],
    });
    expect(state.bills).toBe(state.agreed);
    expect(state.comments).toBe(state.agreed);
    expect(result.ledger).toMatchObject({ written: state.agreed, failed: 0, pending: 0, writing: 0 });
    expect(result.ledger.skipped).toBe(120 - state.agreed);
    const bill = h.systems.k3cloud.sim.state.bills.touched()[0];
    expect(bill?.values.FCONTACTUNITTYPE).toBe('BD_Empinfo');
    expect(bill?.values.FCONTACTUNIT).toMatchObject({ formId: 'BD_Empinfo' });
    expect(bill?.FDOCUMENTSTATUS).toBe('C');
  });

  it('syncs an instance skipped while running once a later run re-reads it finished', async () => {
    h = await startSeedHarness({ instances: 40 });
    const live = h.systems.dingtalk.sim.startInstance();
    await run(h);
    expect((await h.runtime.store.ledger.get(SEED_001_SYNC, live.id))?.status).toBe('skipped');
    h.systems.dingtalk.sim.endInstance(live.id, 'agree');
    const second = await run(h);
    expect(second.run.status).toBe('succeeded');
    const entry = await h.runtime.store.ledger.get(SEED_001_SYNC, live.id);
    expect(entry).toMatchObject({ status: 'written', writeBack: 'done', targetNumber: live.businessId });
    const state = seed001FinalState(h.systems.dingtalk.sim, h.systems.k3cloud.sim);
    expect(state).toMatchObject({ missing: [], doubled: [], unexpected: [], wrongComments: [] });
  });

  it('asks before resending after lost responses, so no bill and no comment is doubled', async () => {
    h = await startSeedHarness({ instances: 60 });
    h.systems.k3cloud.sim.faults.force('BatchSave', 'lostResponse', 1);
    h.systems.dingtalk.sim.faults.force('comment', 'lostResponse', 2);
    const result = await run(h);
    expect(result.run.status).toBe('succeeded');
    const state = seed001FinalState(h.systems.dingtalk.sim, h.systems.k3cloud.sim);
    expect(state).toMatchObject({
      missing: [],
      doubled: [],
      unexpected: [],
      wrongTotal: [],
      wrongComments: [],
    });
    expect(state.comments).toBe(state.agreed);
  });
});
