import { afterEach, describe, expect, it } from 'vitest';
import type { QiaoDocument } from '../../../src/definitions/index.ts';
import { runScenario001, SEED_001_SYNC } from '../../../src/demo/scenario-001.ts';
import type { JsonObject } from '../../../src/json.ts';
import { createSyncEvaluator } from '../../../src/sync/evaluator.ts';
import { previewSync } from '../../../src/sync/preview.ts';
import { parseSyncDefinition } from '../../../src/sync/run-sync.ts';
import { seed001FinalState } from './final-state.ts';
import { type SeedHarness, startSeedHarness } from './harness.ts';

/** K3Cloud's employees (ExecuteBillQuery on BD_Empinfo) as a table loaded when the run starts: number → name. */
const EMPLOYEE_NAMES = {
  $from: {
    connection: 'k3cloud',
    operation: 'executeBillQuery',
    input: { FormId: 'BD_Empinfo', FieldKeys: 'FNumber,FName', Limit: 20 },
    key: 'FNumber',
    value: 'FName',
  },
};

describe('seed 001: a lookup table loaded from K3Cloud when the run starts', () => {
  let h: SeedHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("maps with rows queried from the target system, recorded as the run's first step", async () => {
    h = await startSeedHarness({ instances: 30 });
    const stored = await h.runtime.store.documents.get('sync', SEED_001_SYNC);
    const definition = stored?.definition as JsonObject;
    const edited = {
      ...definition,
      tables: { ...(definition.tables as JsonObject), employeeNames: EMPLOYEE_NAMES },
      mapping: {
        ...(definition.mapping as JsonObject),
        FREMARK: "{{ $lookup('employeeNames', $lookup('employees', originatorUserId)) }}",
      },
    };
    await h.runtime.documents.apply(edited as unknown as QiaoDocument, { source: null, createdBy: 'test' });
    const systems = { dingtalk: h.systems.dingtalk.sim, k3cloud: h.systems.k3cloud.sim };
    const names = h.systems.k3cloud.sim.state.baseData.get('BD_Empinfo');
    const employees = names?.records.length ?? 0;

    // The preview loads the table the same way (its calls are among the exchanges).
    const preview = await previewSync({
      definition: parseSyncDefinition(edited as never, SEED_001_SYNC),
      gateway: h.runtime.gateway,
      evaluator: createSyncEvaluator(),
      store: h.runtime.store,
      clock: Date.now,
    });
    const mapped = preview.records.find((r) => r.mapped !== undefined)?.mapped as JsonObject;
    // Handed back for the console's mapping editor: the loaded table, not its `$from`.
    expect(Object.keys((preview.tables?.employeeNames as JsonObject) ?? {})).toHaveLength(employees);
    expect(preview.tables?.employees).toBeUndefined();
    expect(names?.byNumber.get(String((mapped.FCONTACTUNIT as JsonObject).FNumber))?.name).toBe(
      mapped.FREMARK,
    );

    const result = await runScenario001(h.runtime, systems);
    expect(result.run.status).toBe('succeeded');
    const state = seed001FinalState(systems.dingtalk, systems.k3cloud);
    expect(state).toMatchObject({ missing: [], doubled: [], unexpected: [] });
    // K3Cloud resolved each bill's 往来单位 (FCONTACTUNIT) itself: its name is what the table gave.
    const bills = systems.k3cloud.state.bills.touched();
    expect(bills.length).toBe(state.agreed);
    for (const bill of bills) {
      const contact = bill.values.FCONTACTUNIT as { name?: string } | null;
      expect(bill.values.FREMARK).toBe(contact?.name);
    }
    // One step loaded it: every page of the query (20 rows a page), before any page of the source.
    const steps = await h.runtime.store.steps.list(result.run.id);
    expect(steps[0]).toMatchObject({
      path: 'tables:1',
      status: 'succeeded',
      output: { rows: { employeeNames: employees } },
    });
  });

  it('fails the run with the failing call when the table cannot be loaded, before writing anything', async () => {
    h = await startSeedHarness({ instances: 10 });
    const stored = await h.runtime.store.documents.get('sync', SEED_001_SYNC);
    const definition = stored?.definition as JsonObject;
    const broken = {
      ...EMPLOYEE_NAMES,
      $from: { ...EMPLOYEE_NAMES.$from, input: { FormId: 'BD_Nope', FieldKeys: 'FNumber,FName' } },
    };
    const edited = { ...definition, tables: { ...(definition.tables as JsonObject), employeeNames: broken } };
    await h.runtime.documents.apply(edited as unknown as QiaoDocument, { source: null, createdBy: 'test' });
    const systems = { dingtalk: h.systems.dingtalk.sim, k3cloud: h.systems.k3cloud.sim };
    const result = await runScenario001(h.runtime, systems);
    expect(result.run.status).toBe('failed');
    const steps = await h.runtime.store.steps.list(result.run.id);
    expect(steps[0]).toMatchObject({ path: 'tables:1', status: 'failed' });
    expect(JSON.stringify(steps[0]?.exchanges)).toContain('BD_Nope');
    expect(systems.k3cloud.state.bills.touched()).toHaveLength(0);
  });
});
