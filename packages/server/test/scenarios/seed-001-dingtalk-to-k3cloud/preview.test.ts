import { afterEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api/create-api.ts';
import { runScenario001, SEED_001_SYNC } from '../../../src/demo/scenario-001.ts';
import { type SeedHarness, startSeedHarness } from './harness.ts';

const TOKEN = 'preview-test-token-0123456789';
// biome-ignore lint/suspicious/noExplicitAny: tests inspect response bodies freely
type Body = any;

/** The seed-001 sync's preview through the API, over the simulators (the real gateway, no writes). */
describe('seed 001: previewing the sync (a dry run of its read side)', () => {
  let h: SeedHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  function apiOf(harness: SeedHarness) {
    const app = createApi(harness.runtime, { apiToken: TOKEN, env: {} });
    return async (path: string, body?: string, contentType = 'application/yaml') => {
      const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` };
      if (body !== undefined) headers['content-type'] = contentType;
      const response = await app.request(path, {
        method: 'POST',
        headers,
        ...(body === undefined ? {} : { body }),
      });
      return { status: response.status, body: (await response.json()) as Body };
    };
  }

  it('reads and maps the records the next run would write, and stores and sends nothing', async () => {
    h = await startSeedHarness({ instances: 40 });
    const post = apiOf(h);
    const preview = await post(`/api/v1/syncs/${SEED_001_SYNC}/preview?limit=8`);
    expect(preview.status).toBe(200);
    const body = preview.body;
    expect(body.error).toBeNull();
    expect(body.records).toHaveLength(8);
    expect(body.more).toBe(true);
    expect(body.window.to).toBeGreaterThan(body.window.from);
    const agreed = body.records.filter((r: Body) => r.passes);
    const filtered = body.records.filter((r: Body) => !r.passes);
    expect(agreed.length).toBeGreaterThan(0);
    for (const r of body.records) expect(r.status).toBe('new');
    for (const r of agreed) {
      // The mapping ran on the detailed record: the bill number is the approval's business id.
      expect(r.mapped.FBillNo).toBe(r.source.businessId);
      expect(r.mapped.FPAYBILLENTRY.length).toBe(r.source.form.报销明细.length);
      expect(r.error).toBeUndefined();
    }
    for (const r of filtered) expect(r.mapped).toBeUndefined();
    // One list call and one detail call per record, each kept with its request.
    const urls = body.exchanges.map((e: Body) => e.request.url as string);
    expect(urls.filter((u: string) => u.includes('/processinstance/get')).length).toBe(8);
    const secret = h.systems.env.QIAO_DINGTALK_APP_SECRET as string;
    expect(JSON.stringify(body.exchanges)).not.toContain(secret);
    // Nothing stored, nothing sent to K3Cloud, nothing written back.
    expect(await h.runtime.store.ledger.counts(SEED_001_SYNC)).toMatchObject({
      pending: 0,
      written: 0,
      skipped: 0,
    });
    expect(await h.runtime.store.syncState.get(SEED_001_SYNC)).toBeUndefined();
    expect(h.systems.k3cloud.sim.state.bills.touched()).toHaveLength(0);
  });

  it('shows the ledger status of records already synced', async () => {
    h = await startSeedHarness({ instances: 20 });
    const result = await runScenario001(h.runtime, {
      dingtalk: h.systems.dingtalk.sim,
      k3cloud: h.systems.k3cloud.sim,
    });
    expect(result.run.status).toBe('succeeded');
    const preview = await apiOf(h)(`/api/v1/syncs/${SEED_001_SYNC}/preview?limit=20`);
    expect(preview.status).toBe(200);
    const statuses = new Set(preview.body.records.map((r: Body) => r.status));
    // The window overlaps the one just read: every key is known, agreed ones written, the rest skipped.
    expect([...statuses].sort()).toEqual(['skipped', 'written']);
    for (const r of preview.body.records) expect(r.status).toBe(r.passes ? 'written' : 'skipped');
  });

  it('previews an edited definition from the body without storing it, and names a failing field', async () => {
    h = await startSeedHarness({ instances: 20 });
    const stored = await h.runtime.store.documents.get('sync', SEED_001_SYNC);
    const definition = stored?.definition as Body;
    // Every record passes the filter now, and the expense kind is mapped from a table that lists none.
    const edited = {
      ...definition,
      source: { ...definition.source, filter: 'true' },
      mapping: { ...definition.mapping, FBUSINESSTYPE: '{{ $valueMap(form.`报销类别`, {"无": "X"}) }}' },
    };
    const preview = await apiOf(h)(
      `/api/v1/syncs/${SEED_001_SYNC}/preview?limit=3`,
      JSON.stringify(edited),
      'application/json',
    );
    expect(preview.status).toBe(200);
    expect(preview.body.records).toHaveLength(3);
    for (const r of preview.body.records) {
      expect(r.passes).toBe(true);
      expect(r.error.code).toBe('MAPPING_FAILED');
      expect(r.error.details.field).toBe('FBUSINESSTYPE');
    }
    const head = await h.runtime.store.documents.head('sync', SEED_001_SYNC);
    expect(head?.currentVersion).toBe(stored?.version);
  });

  it('maps the stored sources of failed records with the edited definition, calling no system', async () => {
    h = await startSeedHarness({ instances: 20 });
    const stored = await h.runtime.store.documents.get('sync', SEED_001_SYNC);
    const fixed = stored?.definition as Body;
    const broken = {
      ...fixed,
      mapping: { ...fixed.mapping, FBUSINESSTYPE: '{{ $valueMap(form.`报销类别`, {"无": "X"}) }}' },
    };
    await h.runtime.documents.apply(broken, { source: null, createdBy: 'test' });
    const run = await runScenario001(h.runtime, {
      dingtalk: h.systems.dingtalk.sim,
      k3cloud: h.systems.k3cloud.sim,
    });
    expect(run.ledger.failed).toBeGreaterThan(0);
    const post = apiOf(h);
    const callsBefore = JSON.stringify(h.systems.dingtalk.sim.calls.toJSON());
    // The stored (broken) definition: the failed records still fail, on the field.
    const again = await post(`/api/v1/syncs/${SEED_001_SYNC}/preview?failed=1&limit=20`);
    expect(again.status).toBe(200);
    expect(again.body.records).toHaveLength(Math.min(20, run.ledger.failed));
    for (const r of again.body.records) {
      expect(r.status).toBe('failed');
      expect(r.error.details.field).toBe('FBUSINESSTYPE');
    }
    // The fixed definition in the body: every failed record maps now.
    const fixedPreview = await post(
      `/api/v1/syncs/${SEED_001_SYNC}/preview?failed=1&limit=20`,
      JSON.stringify(fixed),
      'application/json',
    );
    for (const r of fixedPreview.body.records) {
      expect(r.error).toBeUndefined();
      expect(r.mapped.FBillNo).toBe(r.source.businessId);
    }
    expect(fixedPreview.body.exchanges).toEqual([]);
    expect(fixedPreview.body.from).toBe('ledger');
    expect(JSON.stringify(h.systems.dingtalk.sim.calls.toJSON())).toBe(callsBefore);
    // Chosen keys, one of them unknown.
    const first = fixedPreview.body.records[0].key;
    const chosen = await post(`/api/v1/syncs/${SEED_001_SYNC}/preview?key=${first}&key=nope`);
    expect(chosen.body.records.map((r: Body) => r.key)).toEqual([first]);
    expect(chosen.body.unknownKeys).toEqual(['nope']);
  });

  it('answers an invalid definition with 400 and located diagnostics, like a save', async () => {
    h = await startSeedHarness({ instances: 5 });
    const yaml = `kind: sync\nid: ${SEED_001_SYNC}\nsource:\n  connection: dingtalk\n`;
    const preview = await apiOf(h)(`/api/v1/syncs/${SEED_001_SYNC}/preview`, yaml);
    expect(preview.status).toBe(400);
    expect(preview.body.code).toBe('DEFINITION_INVALID');
    expect(preview.body.details.diagnostics).toContainEqual(
      expect.objectContaining({ code: 'schema.required', path: 'mapping', line: 1 }),
    );
    const unknown = await apiOf(h)('/api/v1/syncs/nope/preview');
    expect(unknown.status).toBe(404);
  });

  it('reports a failing source as the preview error, with the exchange that failed', async () => {
    h = await startSeedHarness({ instances: 5 });
    h.systems.dingtalk.sim.faults.force('listids', 'serverError', 1);
    const preview = await apiOf(h)(`/api/v1/syncs/${SEED_001_SYNC}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.body.error.code).toMatch(/^CONNECTOR_/);
    expect(preview.body.records).toEqual([]);
    expect(preview.body.exchanges.length).toBeGreaterThan(0);
  });
});
