import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectorGateway } from '../connectors/kit/gateway.ts';
import { syncSchema } from '../definitions/flow-schema.ts';
import type { JsonObject } from '../json.ts';
import { createEngine } from '../runs/index.ts';
import { createStore } from '../store/index.ts';
import type { Store } from '../store/port.ts';
import type { Backfill, BackfillProgress } from './context.ts';
import { createSyncEngineExecutor } from './engine-executor.ts';
import { createSyncEvaluator } from './evaluator.ts';
import { requireReachable } from './read-backfill.ts';
import { runSync } from './run-sync.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-06-01T00:00:00Z');

const definition = syncSchema.parse({
  schemaVersion: 1,
  kind: 'sync',
  id: 'backfill-sync',
  name: 'backfill',
  source: {
    connection: 'src',
    operation: 'list',
    key: 'id',
    watermark: { field: 'at', fromParam: 'start', toParam: 'end', overlap: '1d', maxWindow: '30d' },
  },
  mapping: { no: '{{ id }}' },
  target: { connection: 'erp', operation: 'save', batchSize: 10 },
});

/** One record a day from T0 − 100 days; `list` answers those in [start, end], 5 a page (cursor = offset). */
function timedGateway(
  listed: Array<{ start: number; end: number; cursor: unknown }>,
  written: string[],
): ConnectorGateway {
  const records: JsonObject[] = Array.from({ length: 100 }, (_, i) => ({
    id: `r${i}`,
    at: T0 - (100 - i) * DAY,
  }));
  return {
    describe: async () => undefined,
    call: async () => null,
    listPage: async (request) => {
      const start = Number(request.input.start);
      const end = Number(request.input.end);
      listed.push({ start, end, cursor: request.cursor });
      const inRange = records.filter((r) => Number(r.at) >= start && Number(r.at) <= end);
      const offset = Number(request.cursor ?? 0);
      return {
        items: inRange.slice(offset, offset + 5),
        next: offset + 5 < inRange.length ? offset + 5 : null,
      };
    },
    writeBatch: async (request) =>
      request.records.map((record, index) => {
        written.push(String((record as JsonObject).no));
        return { index, ok: true };
      }),
  };
}

describe('backfill read phase', () => {
  let store: Store | undefined;
  afterEach(async () => store?.close());

  async function backfill(range: { from: number; to: number }, resume?: BackfillProgress) {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    const listed: Array<{ start: number; end: number; cursor: unknown }> = [];
    const written: string[] = [];
    const saved: BackfillProgress[] = [];
    const plan: Backfill = {
      ...range,
      resume,
      save: async (progress) => {
        saved.push(progress);
      },
    };
    await runSync({
      definition,
      runId: 'run-1',
      store,
      gateway: timedGateway(listed, written),
      evaluator: createSyncEvaluator(),
      clock: () => T0,
      recordStep: async () => {},
      backfill: plan,
    });
    return { listed, written, saved, store };
  }

  it('reads the range in maxWindow windows, writes each record once and leaves the watermark alone', async () => {
    const { listed, written, saved } = await backfill({ from: T0 - 70 * DAY, to: T0 - 5 * DAY });
    const windows = [...new Set(listed.map((l) => `${l.start}-${l.end}`))];
    expect(windows).toEqual([
      `${T0 - 70 * DAY}-${T0 - 40 * DAY}`,
      `${T0 - 40 * DAY}-${T0 - 10 * DAY}`,
      `${T0 - 10 * DAY}-${T0 - 5 * DAY}`,
    ]);
    // Days −70 … −5: 66 records, the two window bounds read twice but written once.
    expect(written).toHaveLength(66);
    expect(new Set(written).size).toBe(66);
    expect(saved.at(-1)).toEqual({ windowFrom: T0 - 5 * DAY, next: null });
    expect(saved.some((p) => p.next !== null)).toBe(true);
    expect(await store?.syncState.get(definition.id)).toBeUndefined();
  });

  it('resumes where its checkpoint stood: the window and the next page', async () => {
    const resume = { windowFrom: T0 - 40 * DAY, next: 10 };
    const { listed, written } = await backfill({ from: T0 - 70 * DAY, to: T0 - 5 * DAY }, resume);
    expect(listed[0]).toEqual({ start: T0 - 40 * DAY, end: T0 - 10 * DAY, cursor: 10 });
    expect(listed.every((l) => l.start >= T0 - 40 * DAY)).toBe(true);
    // Days −40 … −5 less the first 10 records of the resumed window.
    expect(written).toHaveLength(36 - 10);
  });

  it('goes on where it stopped when a cancelled backfill run is retried (the engine, end to end)', async () => {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    await store.documents.put({ kind: 'sync', id: definition.id, definition: definition as never, now: T0 });
    const listed: Array<{ start: number; end: number; cursor: unknown }> = [];
    const written: string[] = [];
    const gateway = timedGateway(listed, written);
    const engine = createEngine({
      store,
      gateway,
      executors: { sync: createSyncEngineExecutor() },
      pollMs: 50,
    });
    engine.start();
    try {
      const range = { from: T0 - 70 * DAY, to: T0 - 5 * DAY };
      const runId = await engine.enqueue({ kind: 'sync', id: definition.id }, { type: 'backfill', ...range });
      // Cancel once the second window is under way (its third page asked for).
      const listPage = gateway.listPage.bind(gateway);
      gateway.listPage = async (request) => {
        if (Number(request.input.start) === T0 - 40 * DAY && request.cursor === 10)
          await engine.cancel(runId);
        return listPage(request);
      };
      expect((await engine.waitForRun(runId)).status).toBe('cancelled');
      const before = listed.length;
      const retried = await engine.waitForRun(await engine.retry(runId));
      expect(retried.status).toBe('succeeded');
      // The retry starts in the window where the cancelled run stood, not at the range's start.
      expect(listed[before]?.start).toBe(T0 - 40 * DAY);
      expect(listed.slice(before).every((l) => l.start >= T0 - 40 * DAY)).toBe(true);
      expect(new Set(written).size).toBe(66);
    } finally {
      await engine.stop();
    }
  });

  /** A backfill of `source` over [from, to] that must be refused before anything is read. */
  async function refused(source: JsonObject, range: { from: number; to: number }) {
    store = createStore({ file: ':memory:' });
    await store.migrate();
    return runSync({
      definition: syncSchema.parse({ ...definition, source }),
      runId: 'run-1',
      store,
      gateway: timedGateway([], []),
      evaluator: createSyncEvaluator(),
      clock: () => T0,
      recordStep: async () => {},
      backfill: { ...range, save: async () => {} },
    });
  }

  it('refuses a sync without a watermark', async () => {
    const run = refused({ connection: 'src', operation: 'list', key: 'id' }, { from: 0, to: 1 });
    await expect(run).rejects.toThrow(/no source.watermark/);
  });

  it('refuses a maxWindow that would never move the window', async () => {
    const still = { ...definition.source, watermark: { ...definition.source.watermark, maxWindow: '0d' } };
    const run = refused(still as unknown as JsonObject, { from: T0 - DAY, to: T0 });
    // The definition's schema refuses it already (a window no longer than the overlap never moves).
    await expect(run).rejects.toThrow(/maxWindow must be longer than the overlap/);
  });
});

describe('a backfill range its source cannot read', () => {
  const gateway = { describe: async () => ({ maxAgeMs: 365 * DAY }) } as unknown as ConnectorGateway;
  // 365 days before now less a day of margin: 2025-11-23 16:30 UTC, already 2025-11-24 in Shanghai.
  const now = Date.parse('2026-11-22T16:30:00Z');

  it('names the earliest day in the sync schedule’s zone', async () => {
    const error = requireReachable(gateway, { definition }, now - 400 * DAY, now);
    await expect(error).rejects.toThrow(
      'list 只能读取最近 365 天的记录，补数的开始时间不能早于 2025-11-24 / list reads only the last 365 days: a backfill cannot start before 2025-11-24',
    );
    const utc = syncSchema.parse({ ...definition, schedule: { cron: '0 * * * *', timezone: 'UTC' } });
    await expect(requireReachable(gateway, { definition: utc }, now - 400 * DAY, now)).rejects.toThrow(
      'cannot start before 2025-11-23',
    );
  });
});
