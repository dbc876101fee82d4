import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSync, type SyncHarness, startHarness } from '../../test/scenarios/sync-kit/harness.ts';
import { makeRecords } from '../../test/scenarios/sync-kit/servers.ts';
import { logEngineEvents } from './engine-log.ts';
import { createLogger } from './logger.ts';

const definition = loadSync(
  new URL('../../test/scenarios/sync-paginated-batches/sync.yaml', import.meta.url),
);

describe('engine log', () => {
  let harness: SyncHarness | undefined;
  afterEach(async () => harness?.close());

  it('logs a finished sync run with its final stats', async () => {
    harness = await startHarness({ definition, records: makeRecords(9) });
    const lines: Array<Record<string, unknown>> = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const stop = logEngineEvents(harness.runtime.engine.events, createLogger({ level: 'info', destination }));
    try {
      const { run } = await harness.run();
      expect(run.status).toBe('succeeded');
    } finally {
      stop();
    }
    const finished = lines.find((line) => line.msg === 'run succeeded');
    expect(finished).toMatchObject({
      kind: 'sync',
      flow: definition.id,
      status: 'succeeded',
      stats: { read: 9, new: 9, skipped: 0, written: 9, failed: 0, writtenBack: 9 },
    });
  });
});
