import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type DemoSystems,
  type DemoSystemsOptions,
  startDemoSystems,
} from '../../../src/demo/demo-systems.ts';
import { EXAMPLES, loadExample, pointConnections } from '../../../src/demo/example-documents.ts';
import { createRuntime, type Runtime } from '../../../src/runtime/create-runtime.ts';

/** The seed scenarios' running parts: the three simulators and a runtime (SQLite in a temp dir) with both examples applied. */
export interface SeedHarness {
  systems: DemoSystems;
  runtime: Runtime;
  dataDir: string;
  close(): Promise<void>;
}

/** Starts the simulators and a runtime with the examples pointed at them; the engine is started. */
export async function startSeedHarness(
  options: DemoSystemsOptions & { env?: Record<string, string> } = {},
): Promise<SeedHarness> {
  const { env: extraEnv, ...systemOptions } = options;
  const systems = await startDemoSystems(systemOptions);
  const dataDir = mkdtempSync(join(tmpdir(), 'qiao-seed-'));
  const env = { ...process.env, ...systems.env, ...extraEnv };
  const runtime = await createRuntime({ dataDir, env, engine: { pollMs: 50 } });
  const docs = [...(await loadExample(EXAMPLES.seed001, env)), ...(await loadExample(EXAMPLES.seed000, env))];
  await runtime.documents.applyAll(
    pointConnections(
      docs,
      {
        dingtalk: { baseUrl: systems.urls.dingtalk },
        'kingdee-k3cloud': { baseUrl: systems.urls.k3cloud },
        'kingdee-jdy': { baseUrl: systems.urls.jdy },
      },
      { perSecond: 5000, burst: 500 },
    ),
  );
  runtime.engine.start();
  return {
    systems,
    runtime,
    dataDir,
    async close() {
      await runtime.close();
      await systems.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
