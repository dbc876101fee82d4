import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EngineEmitter } from '../runs/index.ts';
import type { RunRecord } from '../store/port.ts';
import { logEngineEvents } from './engine-log.ts';
import { createLogger } from './logger.ts';

function capture() {
  const stream = new PassThrough();
  const lines: Record<string, unknown>[] = [];
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean))
      lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  return { logger: createLogger({ level: 'info', destination: stream }), lines };
}

const run: RunRecord = {
  id: 'r1',
  flowKind: 'sync',
  flowId: 'expense-to-paybill',
  flowVersion: 1,
  status: 'failed',
  trigger: {},
  checkpoint: null,
  output: null,
  error: {
    code: 'CONNECTOR_REJECTED',
    kind: 'user',
    message: 'bad Authorization: Bearer abc.def.ghi',
    retryable: false,
  },
  attempt: 1,
  notBefore: null,
  leaseOwner: null,
  leaseUntil: null,
  stats: { written: 3 },
  createdAt: 1,
  startedAt: 10,
  finishedAt: 25,
  retryOf: null,
};

describe('structured logs', () => {
  it('writes one JSON line per run event with its fields', () => {
    const { logger, lines } = capture();
    const events = new EngineEmitter();
    const stop = logEngineEvents(events, logger);
    events.emit('run:finished', { run });
    stop();
    events.emit('run:finished', { run });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'run failed',
      runId: 'r1',
      durationMs: 15,
      stats: { written: 3 },
    });
  });

  it('masks secrets in logged values', () => {
    const { logger, lines } = capture();
    logger.info({ headers: { authorization: 'Bearer s3cret-token' }, password: 'hunter22' }, 'call');
    expect(JSON.stringify(lines)).not.toMatch(/s3cret-token|hunter22/);
  });

  it('masks a bearer token quoted inside an error message', () => {
    const { logger, lines } = capture();
    const events = new EngineEmitter();
    logEngineEvents(events, logger);
    events.emit('run:finished', { run });
    expect(JSON.stringify(lines)).not.toContain('abc.def.ghi');
  });
});
