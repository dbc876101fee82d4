import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api/create-api.ts';
import { runScenario001, SEED_001_SYNC } from '../../../src/demo/scenario-001.ts';
import type { JsonObject } from '../../../src/json.ts';
import { seed001FinalState } from './final-state.ts';
import { type SeedHarness, startSeedHarness } from './harness.ts';

const TOKEN = 'backfill-test-token-0123456789';
const DAY = 86_400_000;

/**
 * The gap a backfill closes: an approval created long ago that finishes only now lies outside the
 * watermark's 7-day overlap, so the scheduled runs never see it finished (and the finish callback may
 * have been lost). A backfill re-reads the range: it is written once, nothing else is doubled.
 */
describe('seed 001: backfilling an older time range', () => {
  let h: SeedHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function backfill(harness: SeedHarness, body: unknown) {
    const app = createApi(harness.runtime, { apiToken: TOKEN, env: {} });
    const response = await app.request(`/api/v1/syncs/${SEED_001_SYNC}/backfill`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as JsonObject };
  }

  it('writes an old approval that finished after the overlap, once, and leaves the watermark alone', async () => {
    h = await startSeedHarness({ instances: 80 });
    const systems = { dingtalk: h.systems.dingtalk.sim, k3cloud: h.systems.k3cloud.sim };
    await runScenario001(h.runtime, systems);
    const watermark = (await h.runtime.store.syncState.get(SEED_001_SYNC))?.watermark ?? 0;
    // A RUNNING approval created more than the overlap (7 days) before the watermark.
    const skipped = await h.runtime.store.ledger.list(SEED_001_SYNC, { status: ['skipped'], limit: 100 });
    const old = skipped
      .map((e) => e.source as JsonObject)
      .find((s) => s.status === 'RUNNING' && Number(s.createTimeMs) < watermark - 8 * DAY);
    expect(old, 'the seeded data holds an old running approval').toBeDefined();
    const id = String(old?.processInstanceId);
    h.systems.dingtalk.sim.endInstance(id, 'agree');

    // A scheduled run does not see it: its window starts 7 days before the watermark.
    await runScenario001(h.runtime, systems);
    expect((await h.runtime.store.ledger.get(SEED_001_SYNC, id))?.status).toBe('skipped');
    expect(seed001FinalState(systems.dingtalk, systems.k3cloud).missing).toEqual([id]);
    const watermarkBefore = (await h.runtime.store.syncState.get(SEED_001_SYNC))?.watermark;

    const answer = await backfill(h, { from: '100d' });
    expect(answer.status).toBe(202);
    const run = await h.runtime.engine.waitForRun(String(answer.body.runId));
    expect(run.status).toBe('succeeded');
    expect(run.trigger).toMatchObject({ type: 'backfill', from: answer.body.from, to: answer.body.to });
    expect(await h.runtime.store.ledger.get(SEED_001_SYNC, id)).toMatchObject({
      status: 'written',
      writeBack: 'done',
    });
    const state = seed001FinalState(systems.dingtalk, systems.k3cloud);
    expect(state).toMatchObject({ missing: [], doubled: [], unexpected: [], wrongComments: [] });
    expect((await h.runtime.store.syncState.get(SEED_001_SYNC))?.watermark).toBe(watermarkBefore);

    // Again: everything is in the ledger already, nothing is written twice.
    const bills = state.bills;
    const again = await backfill(h, { from: '100d' });
    expect((await h.runtime.engine.waitForRun(String(again.body.runId))).status).toBe('succeeded');
    expect(seed001FinalState(systems.dingtalk, systems.k3cloud)).toMatchObject({ bills, doubled: [] });
  });

  it('answers a bad range with 400 and says why', async () => {
    h = await startSeedHarness({ instances: 5 });
    const empty = await backfill(h, { from: '2026-09-02', to: '2026-09-01' });
    expect(empty.status).toBe(400);
    expect(String(empty.body.message)).toContain('empty backfill range');
    const bad = await backfill(h, { from: 'last month' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INPUT_INVALID', details: { field: 'from' } });
    // DingTalk lists only the last 365 days: refused before any run, not failed at DingTalk (and alerted).
    const before = (await h.runtime.store.runs.list({})).length;
    const old = await backfill(h, { from: '400d' });
    expect(old.status).toBe(400);
    expect(String(old.body.message)).toContain('365');
    expect((await h.runtime.store.runs.list({})).length).toBe(before);
  });
});
