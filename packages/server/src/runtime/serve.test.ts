import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { JsonObject } from '../json.ts';
import { createLogger } from '../observability/logger.ts';
import type { RunRecord } from '../store/port.ts';
import { alertRunId } from '../triggers/run-failures.ts';
import { createRuntime, type Runtime } from './create-runtime.ts';
import { startQiaoServer } from './serve.ts';

const flow = (id: string, trigger: JsonObject, value: string): JsonObject => ({
  schemaVersion: 1,
  kind: 'flow',
  id,
  name: id,
  trigger,
  steps: [{ id: 'a', type: 'set', values: { x: value } }],
});

let runtime: Runtime | undefined;
let dataDir = '';
afterEach(async () => {
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('queues at start the alert of a failure that no process alerted (it died between the two)', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'qiao-serve-'));
  runtime = await createRuntime({ dataDir, env: {} });
  const { store, engine } = runtime;
  const now = Date.now();
  await store.documents.put({
    kind: 'flow',
    id: 'boom',
    definition: flow('boom', { type: 'manual' }, '{{ $nope(1) }}'),
    now,
  });
  await store.documents.put({
    kind: 'flow',
    id: 'alert',
    definition: flow('alert', { type: 'runFailed' }, 'ok'),
    now,
  });
  await runtime.alerts.stop(); // nobody hears the failure, as if the process died right after it
  const failed = await engine.runToCompletion(await engine.enqueue('boom', {}));
  expect(failed.status).toBe('failed');
  expect(await store.runs.get(alertRunId(failed.id, 'alert'))).toBeUndefined();

  const alerted = new Promise<RunRecord>((resolve) =>
    engine.events.on('run:finished', ({ run }) => {
      if (run.flowId === 'alert') resolve(run);
    }),
  );
  const server = await startQiaoServer(runtime, { port: 0, logger: createLogger({ level: 'silent' }) });
  try {
    const alert = await alerted;
    expect(alert).toMatchObject({ id: alertRunId(failed.id, 'alert'), status: 'succeeded' });
    expect(alert.trigger).toMatchObject({ type: 'runFailed', run: { id: failed.id, flowId: 'boom' } });
  } finally {
    await server.close();
  }
});

it('explains at / that the console is not built when its build is missing, the API answering as ever', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'qiao-serve-'));
  runtime = await createRuntime({ dataDir, env: {} });
  const server = await startQiaoServer(runtime, {
    port: 0,
    logger: createLogger({ level: 'silent' }),
    consoleDir: join(dataDir, 'no-console-dist'),
  });
  try {
    expect(server.consoleServed).toBe(false);
    const page = await fetch(`${server.url}/`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('控制台未构建 / Console not built');
    const json = await fetch(`${server.url}/`);
    expect(await json.json()).toEqual({
      code: 'NOT_FOUND',
      message:
        '控制台未构建：先运行 npm run build（npm run demo 会自动构建），再重启 qiao serve；API 照常可用 / console not built: run npm run build first (npm run demo builds it), then restart qiao serve; the API works without it',
      details: { console: 'not built' },
    });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const route = await fetch(`${server.url}/api/v1/nothing`);
    expect(((await route.json()) as { code: string }).code).toMatch(/NOT_FOUND|UNAUTHORIZED/);
  } finally {
    await server.close();
  }
});
