import { afterEach, describe, expect, it } from 'vitest';
import type {
  BatchItemResult,
  BatchRequest,
  CallRequest,
  ConnectorGateway,
  FindWrittenRequest,
} from '../connectors/kit/gateway.ts';
import { syncSchema } from '../definitions/flow-schema.ts';
import { QiaoError, toStructuredError } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import type { SyncContext, SyncStep } from './context.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { runSync } from './run-sync.ts';

// `target.onDuplicate: adopt` in the engine, against a fake target: what is adopted, what fails and
// why, and how the write-back of an adopted record is checked before it is sent.

function definitionWith(target: JsonObject, writeBackInput: JsonObject = { key: '{{ key }}' }) {
  return syncSchema.parse({
    schemaVersion: 1,
    kind: 'sync',
    id: 'adopt-sync',
    name: 'adopt',
    source: { connection: 'src', operation: 'list', key: 'id' },
    mapping: { FBillNo: '{{ id }}' },
    target: { connection: 'erp', operation: 'save', batchSize: 10, ...target },
    writeBack: { connection: 'crm', operation: 'note', input: writeBackInput },
    retry: { maxAttempts: 3, initialDelay: 0 },
  });
}

const duplicateError = (number: string) =>
  toStructuredError(
    new QiaoError('CONNECTOR_DUPLICATE', `目标：单号 ${number} 已存在 / target: number ${number} exists`, {
      system: { code: 11 },
    }),
  );

interface FakeOptions {
  /** Bill numbers the target already holds (answered "duplicate"). */
  held: string[];
  /** Numbers the look-up does not see although the target says they exist. */
  hidden?: string[];
  /** Whether the target operation can look records up. */
  canFind?: boolean;
  /** Whether the write-back operation can look its effect up. */
  writeBackCanFind?: boolean;
  /** Keys whose write-back effect is already there. */
  notedBefore?: string[];
  /** Look-ups that fail (unavailable) before answering. */
  lookupFailures?: number;
}

/** A fake source of 4 records (R1–R4), a target that rejects held numbers, a write-back that notes keys. */
function fakeSystems(options: FakeOptions) {
  const stored = new Map(options.held.map((n) => [n, `ID-${n}`]));
  const notes = new Map((options.notedBefore ?? []).map((k) => [k, 1]));
  const calls = { lookups: 0, noteLookups: 0, notes: 0, written: 0 };
  let lookupFailures = options.lookupFailures ?? 0;
  const gateway: ConnectorGateway = {
    describe: async (_connection, operation) => ({
      connectorId: 'fake',
      operationId: operation,
      mode: operation === 'save' ? 'batchWrite' : 'call',
      canFindWritten: operation === 'save' ? options.canFind !== false : options.writeBackCanFind === true,
    }),
    listPage: async () => ({ items: ['R1', 'R2', 'R3', 'R4'].map((id) => ({ id })), next: null }),
    writeBatch: async (request: BatchRequest): Promise<BatchItemResult[]> =>
      request.records.map((record, index) => {
        const number = String((record as JsonObject).FBillNo);
        if (stored.has(number)) return { index, ok: false, error: duplicateError(number) };
        stored.set(number, `ID-${number}`);
        calls.written++;
        return { index, ok: true, targetNumber: number, targetId: `ID-${number}` };
      }),
    call: async (request: CallRequest) => {
      calls.notes++;
      const key = String(request.input.key);
      notes.set(key, (notes.get(key) ?? 0) + 1);
      return { ok: true };
    },
    findWritten: async (request: FindWrittenRequest) => {
      if (request.operation === 'note') {
        calls.noteLookups++;
        return notes.has(String((request.record as JsonObject).key)) ? { targetId: 'noted' } : null;
      }
      calls.lookups++;
      if (lookupFailures > 0) {
        lookupFailures--;
        throw new QiaoError('CONNECTOR_UNAVAILABLE', '暂时不可用 / unavailable');
      }
      const number = String((request.record as JsonObject).FBillNo);
      if (options.hidden?.includes(number)) return null;
      const id = stored.get(number);
      return id ? { targetNumber: number, targetId: id } : null;
    },
  };
  return { gateway, notes, calls };
}

describe('target.onDuplicate: adopt (engine)', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  async function run(definition: ReturnType<typeof definitionWith>, gateway: ConnectorGateway) {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const steps: SyncStep[] = [];
    const ctx: SyncContext = {
      definition,
      runId: 'run-1',
      store,
      gateway,
      evaluator: createSyncEvaluator(),
      clock: () => 1_700_000_000_000,
      recordStep: async (step) => {
        steps.push(step);
      },
      sleep: async () => undefined,
    };
    const result = await runSync(ctx);
    const entries = new Map(
      (await store.ledger.list(definition.id, { limit: 10 })).map((e) => [e.sourceKey, e]),
    );
    return { result, entries, steps };
  }

  it('adopts held records with the found id, writes the others, and sends a write-back that cannot be checked', async () => {
    const fake = fakeSystems({ held: ['R2', 'R3'] });
    const { result, entries, steps } = await run(definitionWith({ onDuplicate: 'adopt' }), fake.gateway);
    expect(result.ledger).toMatchObject({ written: 4, failed: 0 });
    expect(fake.calls).toMatchObject({ written: 2, lookups: 2 });
    expect(entries.get('R2')).toMatchObject({
      status: 'written',
      targetNumber: 'R2',
      targetId: 'ID-R2',
      lastError: {
        code: 'CONNECTOR_DUPLICATE',
        details: { adopted: true, targetId: 'ID-R2' },
        system: { code: 11 },
      },
      writeBack: 'done',
    });
    expect(entries.get('R1')).toMatchObject({ status: 'written', lastError: null, writeBack: 'done' });
    expect(steps.find((s) => s.path === 'batch:1')?.output).toMatchObject({ written: 4, adopted: 2 });
    // The write-back operation cannot look its effect up: every record's is sent (at least once).
    expect(fake.calls).toMatchObject({ notes: 4, noteLookups: 0 });
  });

  it('checks an adopted record’s write-back first where the operation can, and skips the ones already made', async () => {
    const fake = fakeSystems({ held: ['R2', 'R3'], writeBackCanFind: true, notedBefore: ['R2'] });
    const { entries, steps } = await run(definitionWith({ onDuplicate: 'adopt' }), fake.gateway);
    // R2's note was there (found, not sent again); R3's was not (sent); R1 and R4 are new (sent unasked).
    expect(fake.calls).toMatchObject({ noteLookups: 2, notes: 3 });
    expect([...fake.notes.values()]).toEqual([1, 1, 1, 1]);
    for (const key of ['R1', 'R2', 'R3', 'R4'])
      expect(entries.get(key)).toMatchObject({ writeBack: 'done', writeBackError: null });
    expect(steps.find((s) => s.path === 'writeBack:1')?.output).toMatchObject({ done: 4, alreadyDone: 1 });
  });

  it('gives the write-back scope result.adopted and no error for an adopted record', async () => {
    const fake = fakeSystems({ held: ['R2'] });
    const definition = definitionWith(
      { onDuplicate: 'adopt' },
      {
        key: '{{ key }}',
        text: "{{ result.adopted ? '采用 ' : '' }}{{ result.targetNumber }}",
        error: '{{ result.error }}',
      },
    );
    const seen: JsonObject[] = [];
    const gateway: ConnectorGateway = {
      ...fake.gateway,
      call: async (request) => {
        seen.push(request.input);
        return { ok: true };
      },
    };
    await run(definition, gateway);
    expect(seen.find((i) => i.key === 'R2')).toMatchObject({ text: '采用 R2', error: null });
    expect(seen.find((i) => i.key === 'R1')).toMatchObject({ text: 'R1' });
  });

  it('fails a duplicate the look-up does not find, with a bilingual message saying why', async () => {
    const fake = fakeSystems({ held: ['R2', 'R3'], hidden: ['R3'] });
    const { entries } = await run(definitionWith({ onDuplicate: 'adopt' }), fake.gateway);
    const failed = entries.get('R3');
    expect(failed).toMatchObject({
      status: 'failed',
      writeBack: 'none',
      lastError: {
        code: 'CONNECTOR_DUPLICATE',
        retryable: false,
        details: { onDuplicate: 'adopt', found: false },
        system: { code: 11 },
      },
    });
    expect(failed?.lastError?.message).toMatch(
      /^目标系统说该记录已存在（目标：单号 R3 已存在），但在目标系统中没有查到已有记录，无法采用.* \/ the target says the record already exists \(target: number R3 exists\), but looking it up found no existing record, so it cannot be adopted/,
    );
    expect(entries.get('R2')).toMatchObject({ status: 'written', lastError: { details: { adopted: true } } });
  });

  it('fails a duplicate when the target operation cannot look records up', async () => {
    const fake = fakeSystems({ held: ['R2'], canFind: false });
    const { entries } = await run(definitionWith({ onDuplicate: 'adopt' }), fake.gateway);
    expect(fake.calls.lookups).toBe(0);
    expect(entries.get('R2')).toMatchObject({
      status: 'failed',
      lastError: { code: 'CONNECTOR_DUPLICATE', details: { canFindWritten: false } },
    });
    expect(entries.get('R2')?.lastError?.message).toContain('operation save cannot look up written records');
  });

  it('sends again after a look-up that failed, then adopts', async () => {
    // The look-up's own retries (maxAttempts 3) all fail once, so the record goes back to pending.
    const fake = fakeSystems({ held: ['R2'], lookupFailures: 3 });
    const { entries } = await run(definitionWith({ onDuplicate: 'adopt' }), fake.gateway);
    expect(fake.calls.lookups).toBe(4);
    expect(entries.get('R2')).toMatchObject({
      status: 'written',
      attempts: 2,
      targetId: 'ID-R2',
      lastError: { details: { adopted: true } },
    });
  });

  it('keeps failing duplicates without adopt (the default), looking nothing up', async () => {
    const fake = fakeSystems({ held: ['R2'] });
    const { entries } = await run(definitionWith({}), fake.gateway);
    expect(fake.calls.lookups).toBe(0);
    expect(entries.get('R2')).toMatchObject({ status: 'failed', lastError: { code: 'CONNECTOR_DUPLICATE' } });
    expect(entries.get('R2')?.lastError?.details).toBeUndefined();
  });

  it('checks the write-back of a record found by the uncertain-write look-up first when adoption is on', async () => {
    // R2 was sent by a run that crashed before its answer: `writing`, found in the target next run.
    const fake = fakeSystems({ held: ['R2'], writeBackCanFind: true, notedBefore: ['R2'] });
    const definition = definitionWith({ onDuplicate: 'adopt' });
    store = createStore({ file: ':memory:' });
    await store.migrate();
    await store.ledger.addPending(
      definition.id,
      [{ sourceKey: 'R2', source: { id: 'R2' }, sourceTime: null, runId: 'run-0' }],
      1,
    );
    await store.ledger.update(definition.id, ['R2'], {
      status: 'writing',
      payload: { FBillNo: 'R2' },
      attempts: 1,
    });
    const ctx: SyncContext = {
      definition,
      runId: 'run-1',
      store,
      gateway: { ...fake.gateway, listPage: async () => ({ items: [], next: null }) },
      evaluator: createSyncEvaluator(),
      clock: () => 1_700_000_000_000,
      recordStep: async () => undefined,
      sleep: async () => undefined,
    };
    await runSync(ctx);
    expect(await store.ledger.get(definition.id, 'R2')).toMatchObject({
      status: 'written',
      targetId: 'ID-R2',
      writeBack: 'done',
    });
    expect(fake.calls).toMatchObject({ lookups: 1, noteLookups: 1, notes: 0 });
  });

  it('checks an adopted record’s write-back first even after a retry cleared its marker', async () => {
    // `qiao ledger retry` of a failed write-back: pending again, writeBackError null, still adopted.
    const fake = fakeSystems({ held: [], writeBackCanFind: true, notedBefore: ['R2'] });
    const definition = definitionWith({ onDuplicate: 'adopt' });
    store = createStore({ file: ':memory:' });
    await store.migrate();
    await store.ledger.addPending(
      definition.id,
      [{ sourceKey: 'R2', source: { id: 'R2' }, sourceTime: null, runId: 'run-0' }],
      1,
    );
    const note = toStructuredError(
      new QiaoError('CONNECTOR_DUPLICATE', '已采用 / adopted', { details: { adopted: true } }),
    );
    await store.ledger.update(definition.id, ['R2'], {
      status: 'written',
      payload: { FBillNo: 'R2' },
      targetNumber: 'R2',
      lastError: note,
      writeBack: 'pending',
      writeBackError: null,
    });
    await runSync({
      definition,
      runId: 'run-1',
      store,
      gateway: { ...fake.gateway, listPage: async () => ({ items: [], next: null }) },
      evaluator: createSyncEvaluator(),
      clock: () => 1_700_000_000_000,
      recordStep: async () => undefined,
      sleep: async () => undefined,
    });
    expect(fake.calls).toMatchObject({ noteLookups: 1, notes: 0 });
    expect(await store.ledger.get(definition.id, 'R2')).toMatchObject({ writeBack: 'done' });
  });
});
