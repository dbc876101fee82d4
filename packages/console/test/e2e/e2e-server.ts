// Starts, for the e2e run: the three simulators of the demo (DingTalk, K3Cloud, JDY) and a real Qiao server
// (runtime + HTTP API + built console). Seed 001's connections and sync are loaded as `qiao serve --project`
// would load them, with one deliberate mapping fault for the ledger-retry part of the test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { mountConsole } from '../../../server/src/api/console-static.ts';
import { createApi, startApiServer } from '../../../server/src/api/index.ts';
import type { QiaoDocument } from '../../../server/src/definitions/index.ts';
import { type DemoSystems, startDemoSystems } from '../../../server/src/demo/demo-systems.ts';
import { EXAMPLES, loadExample, pointConnections } from '../../../server/src/demo/example-documents.ts';
import { createRuntime, type Runtime } from '../../../server/src/runtime/create-runtime.ts';

/** The running e2e stack. */
export interface E2eStack {
  url: string;
  jdyUrl: string;
  systems: DemoSystems;
  runtime: Runtime;
  close(): Promise<void>;
}

/** The currency the broken seed-001 mapping sends (K3Cloud has no such 币别, so every bill is refused). */
export const BROKEN_CURRENCY = 'PRE999';

async function seed001(runtime: Runtime, systems: DemoSystems): Promise<void> {
  const docs = await loadExample(EXAMPLES.seed001, { ...process.env, ...systems.env });
  const pointed = pointConnections(
    docs,
    { dingtalk: { baseUrl: systems.urls.dingtalk }, 'kingdee-k3cloud': { baseUrl: systems.urls.k3cloud } },
    { perSecond: 2000, burst: 200 },
  );
  const broken = pointed.map((d) => {
    if (d.kind !== 'sync') return d;
    const mapping = { ...(d.mapping as Record<string, unknown>), FCURRENCYID: { FNumber: BROKEN_CURRENCY } };
    return { ...d, mapping, schedule: undefined } as unknown as QiaoDocument;
  });
  await runtime.documents.applyAll(broken);
}

/** Starts the simulators and a Qiao server on 127.0.0.1 ephemeral ports, with the built console mounted. */
export async function startStack(): Promise<E2eStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'qiao-e2e-'));
  const systems = await startDemoSystems({ instances: 12 });
  const runtime = await createRuntime({
    dataDir,
    env: { ...process.env, ...systems.env, QIAO_API_TOKEN: '' },
  });
  await seed001(runtime, systems);
  runtime.engine.start();
  const app = createApi(runtime, { env: {} });
  if (!mountConsole(app as never, resolve(import.meta.dirname, '../../dist')))
    throw new Error('console not built: run `npm run build -w @qiao/console`');
  const server = await startApiServer(app, { port: 0, host: '127.0.0.1' });
  return {
    url: server.url.replace(/\/$/, ''),
    jdyUrl: systems.urls.jdy.replace(/\/$/, ''),
    systems,
    runtime,
    async close() {
      await server.close();
      await runtime.close();
      await systems.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
