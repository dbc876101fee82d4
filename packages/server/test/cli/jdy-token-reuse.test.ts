import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_JDY_CREDENTIALS as CRED,
  createJdySimulator,
  type JdySimulator,
} from '../../src/connectors/kingdee-jdy/simulator/create-jdy-simulator.ts';
import type { RunningSimulator } from '../../src/connectors/simulator-kit/index.ts';
import { runQiao } from './run-qiao.ts';

const EXAMPLE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../examples/jdy-voucher-form');

/** The voucher form record `qiao run --input` passes as the trigger. */
const record = (id: string) =>
  JSON.stringify({
    id,
    date: '2026-03-04',
    word: '记',
    title: '购买办公用品',
    lines: [
      { explanation: '购买办公用品', accountNumber: '6602.01', debit: '100.00' },
      { explanation: '购买办公用品', accountNumber: '1002', credit: '100.00' },
    ],
  });

/** Seed 000 from the command line: each `qiao run` is a new process, yet the token is exchanged once. */
describe('qiao run of the JDY voucher flow, twice', () => {
  let sim: JdySimulator;
  let server: RunningSimulator;
  let dir: string;

  beforeAll(async () => {
    // The real limit: about 2 token exchanges a minute.
    sim = createJdySimulator({ instances: 5, anchorPeriod: 202603 });
    server = await sim.start();
    dir = await mkdtemp(join(tmpdir(), 'qiao-jdy-twice-'));
    await cp(EXAMPLE, join(dir, 'project'), { recursive: true });
    const connection = join(dir, 'project', 'jdy.connection.yaml');
    const text = await readFile(connection, 'utf8');
    await writeFile(connection, text.replace(/baseUrl: .*/, `baseUrl: ${server.url}`));
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('exchanges the token in the first process only; the second reuses it with its session', async () => {
    const env = { QIAO_JDY_CLIENT_ID: CRED.clientId, QIAO_JDY_CLIENT_SECRET: CRED.clientSecret };
    const run = (id: string) =>
      runQiao(
        ['--data-dir', join(dir, 'data'), 'run', join(dir, 'project', 'flow.yaml'), '--input', record(id)],
        { env },
      );
    for (const id of ['rec-1', 'rec-2']) {
      const result = await run(id);
      expect([id, result.code, result.stderr]).toEqual([id, 0, '']);
    }
    expect(sim.calls.get('auth.token')).toBe(1);
    expect(sim.calls.get('acct.voucher.save')).toBe(2);
    expect(sim.state.vouchers.createdCount).toBe(2);
  });
});
