import { afterEach, describe, expect, it } from 'vitest';
import type { BatchItemResult, ConnectorGateway } from '../connectors/kit/gateway.ts';
import { syncSchema } from '../definitions/flow-schema.ts';
import { messageIn, QiaoError } from '../errors/index.ts';
import type { JsonObject } from '../json.ts';
import { createStore } from '../store/index.ts';
import type { LedgerEntry, Store } from '../store/port.ts';
import { emptyStats } from './context.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { withAdoptHint } from './prepare-batch.ts';
import { runSync } from './run-sync.ts';

/** What the target says for a duplicate (as a connector classifies it): its own text, details and system error. */
const DUPLICATE = {
  code: 'CONNECTOR_DUPLICATE',
  kind: 'user',
  message: '目标系统拒绝了该记录：单据编号已存在 / the target system rejected the record: number exists',
  retryable: false,
  details: { FBillNo: 'B1' },
  system: { code: '1001', message: '单据编号 B1 已存在' },
} as const;

/** K3Cloud's kind of answer: both halves hold the system's Chinese text, so it cannot be cut in two. */
const K3_TEXT = '金蝶云星空：编码唯一。[B2]已经被使用。 / Kingdee K3Cloud: 编码唯一。[B2]已经被使用。';

const definition = (onDuplicate?: 'fail' | 'adopt') =>
  syncSchema.parse({
    schemaVersion: 1,
    kind: 'sync',
    id: 'bills',
    name: 'bills',
    source: { connection: 'src', operation: 'list', key: 'id' },
    mapping: { externalKey: '{{ id }}' },
    target: { connection: 'erp', operation: 'save', ...(onDuplicate ? { onDuplicate } : {}) },
    retry: { maxAttempts: 1, initialDelay: 0 },
  });

/**
 * Records D1 and D2 (duplicates), R1 (rejected) and OK1; the target can look its records up (`canFindWritten`)
 * unless `canFind` is false, and finds nothing. `wholeBatch` refuses the whole request as a duplicate.
 */
function gateway(options: { canFind: boolean; wholeBatch?: boolean }): ConnectorGateway {
  return {
    describe: async (connectorId, operationId) => ({
      connectorId,
      operationId,
      mode: operationId === 'save' ? 'batchWrite' : 'list',
      canFindWritten: options.canFind,
    }),
    call: async () => ({}),
    listPage: async () => ({
      items: [{ id: 'D1' }, { id: 'D2' }, { id: 'R1' }, { id: 'OK1' }],
      next: null,
    }),
    writeBatch: async (request) => {
      if (options.wholeBatch)
        throw new QiaoError('CONNECTOR_DUPLICATE', '单据已存在 / the record exists', {
          system: { code: '1001' },
        });
      return request.records.map((record, index): BatchItemResult => {
        const key = String((record as JsonObject).externalKey);
        if (key === 'D1') return { index, ok: false, error: { ...DUPLICATE } };
        if (key === 'D2') return { index, ok: false, error: { ...DUPLICATE, message: K3_TEXT } };
        if (key === 'R1')
          return {
            index,
            ok: false,
            error: { code: 'CONNECTOR_REJECTED', kind: 'user', message: '金额不符', retryable: false },
          };
        return { index, ok: true, targetId: `T-${key}`, targetNumber: `N-${key}` };
      });
    },
    findWritten: async () => null,
  };
}

describe('a record failing as a duplicate says where the fix is (target.onDuplicate: adopt)', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  async function run(
    onDuplicate: 'fail' | 'adopt' | undefined,
    options: { canFind: boolean; wholeBatch?: boolean },
  ): Promise<Map<string, LedgerEntry>> {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    await runSync(
      {
        definition: definition(onDuplicate),
        runId: 'run-1',
        store,
        gateway: gateway(options),
        evaluator: createSyncEvaluator(),
        clock: () => 1_700_000_000_000,
        recordStep: async () => undefined,
        sleep: async () => undefined,
      },
      emptyStats(),
    );
    const entries = await store.ledger.list('bills', { limit: 10 });
    return new Map(entries.map((e) => [e.sourceKey, e]));
  }

  it('adds the hint, in both languages, to the target answer and keeps its code, details and system error', async () => {
    for (const onDuplicate of [undefined, 'fail'] as const) {
      const entries = await run(onDuplicate, { canFind: true });
      const error = entries.get('D1')?.lastError;
      expect(error).toMatchObject({
        code: 'CONNECTOR_DUPLICATE',
        details: DUPLICATE.details,
        system: DUPLICATE.system,
      });
      const zh = messageIn(error?.message ?? '', 'zh');
      const en = messageIn(error?.message ?? '', 'en');
      expect(zh).toMatch(
        /^目标系统拒绝了该记录：单据编号已存在。如果目标系统中的这条记录来自本同步方案以前的安装/,
      );
      expect(zh).toContain('onDuplicate: adopt');
      expect(en).toMatch(
        /^the target system rejected the record: number exists\. If the target's record comes from an earlier installation of this sync/,
      );
      expect(en).toContain('target.onDuplicate: adopt');
      // K3Cloud's answer (its Chinese text in both halves): each half once, then the hint in its language.
      const k3 = entries.get('D2')?.lastError?.message ?? '';
      expect(k3.split('编码唯一')).toHaveLength(3);
      expect(messageIn(k3, 'zh')).toMatch(
        /^金蝶云星空：编码唯一。\[B2\]已经被使用。\s*(\/ .*)?如果目标系统中的这条记录/,
      );
      expect(messageIn(k3, 'en')).toContain("If the target's record comes from an earlier installation");
      // Other failures and written records are as they were.
      expect(entries.get('R1')?.lastError?.message).toBe('金额不符');
      expect(entries.get('OK1')).toMatchObject({ status: 'written', lastError: null });
      await store?.close();
      store = undefined;
    }
  });

  it('adds no hint where adopting could not work: a target that cannot look records up', async () => {
    const entries = await run(undefined, { canFind: false });
    expect(entries.get('D1')?.lastError).toMatchObject({ ...DUPLICATE, attempt: 1 });
  });

  it('does not hint at adopt when the sync already adopts (the look-up found nothing: its own message)', async () => {
    const entries = await run('adopt', { canFind: true });
    const message = entries.get('D1')?.lastError?.message ?? '';
    expect(message).toContain('无法采用（onDuplicate: adopt）');
    expect(message).not.toContain('以前的安装');
  });

  it('adds the hint when the whole batch is refused as a duplicate', async () => {
    const entries = await run(undefined, { canFind: true, wholeBatch: true });
    for (const key of ['D1', 'D2', 'R1', 'OK1']) {
      const error = entries.get(key)?.lastError;
      expect(error).toMatchObject({ code: 'CONNECTOR_DUPLICATE', system: { code: '1001' } });
      expect(error?.message).toMatch(
        /^单据已存在。如果目标系统中的这条记录.* \/ the record exists\. If the target's record/,
      );
    }
  });

  it("keeps a system's text that cannot be cut in two once, the hint after it", () => {
    const text = "Duplicate entry 'B3' for key 'FBillNo'";
    const hinted = withAdoptHint({ ...DUPLICATE, message: text });
    expect(hinted.message).toMatch(
      /^Duplicate entry 'B3' for key 'FBillNo' — 如果目标系统中的这条记录.*onDuplicate: adopt.* \/ If the target's record .*target\.onDuplicate: adopt/,
    );
    expect(hinted).toMatchObject({
      code: DUPLICATE.code,
      details: DUPLICATE.details,
      system: DUPLICATE.system,
    });
  });
});
