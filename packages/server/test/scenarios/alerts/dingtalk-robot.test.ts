import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DINGTALK_ROBOT_SIM_DEFAULTS } from '../../../src/connectors/dingtalk/simulator/robot.ts';
import type { QiaoDocument } from '../../../src/definitions/index.ts';
import { loadExample, pointConnections } from '../../../src/demo/example-documents.ts';
import { runScenario001, SEED_001_SYNC } from '../../../src/demo/scenario-001.ts';
import type { JsonObject } from '../../../src/json.ts';
import type { RunRecord } from '../../../src/store/port.ts';
import { type SeedHarness, startSeedHarness } from '../seed-001-dingtalk-to-k3cloud/harness.ts';

const ALERTS = fileURLToPath(new URL('../../../../../examples/alerts/', import.meta.url));

/**
 * The shipped alert example end to end: seed 001 runs with a mapping K3Cloud refuses, the run ends
 * with failed records, and the alert flow posts a signed markdown message to the DingTalk group robot
 * (the DingTalk simulator serves /robot/send and checks the signature).
 */
describe('alerts: failed records of seed 001 → a DingTalk group robot message', () => {
  let h: SeedHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('sends one signed message naming the sync, the run and the failed count', async () => {
    h = await startSeedHarness({ instances: 20, env: { QIAO_PUBLIC_URL: 'https://qiao.example.com' } });
    // The robot's demo token and secret are among the simulators' demo credentials (the runtime's env).
    const alerts = pointConnections(await loadExample(ALERTS, h.systems.env), {
      'dingtalk-robot': { baseUrl: h.systems.urls.dingtalk },
    });
    await h.runtime.documents.applyAll(alerts);
    // A currency K3Cloud does not know: every bill is refused, the run ends with failed records.
    const stored = await h.runtime.store.documents.get('sync', SEED_001_SYNC);
    const definition = stored?.definition as JsonObject;
    const broken = {
      ...definition,
      mapping: { ...(definition.mapping as JsonObject), FCURRENCYID: { FNumber: 'PRE999' } },
    };
    await h.runtime.documents.apply(broken as unknown as QiaoDocument, { source: null, createdBy: 'test' });

    const alerted = new Promise<RunRecord>((resolve) => {
      h?.runtime.engine.events.on('run:finished', ({ run }) => {
        if (run.flowId === 'alertToDingtalkRobot') resolve(run);
      });
    });
    const result = await runScenario001(h.runtime, {
      dingtalk: h.systems.dingtalk.sim,
      k3cloud: h.systems.k3cloud.sim,
    });
    expect(result.run.status).toBe('succeeded');
    expect(result.ledger.failed).toBeGreaterThan(0);
    const alert = await alerted;
    expect(alert.status).toBe('succeeded');

    const messages = h.systems.dingtalk.sim.robot.messages;
    expect(messages).toHaveLength(1);
    expect(messages[0]?.msgtype).toBe('markdown');
    expect(messages[0]?.content).toContain(`流程：${SEED_001_SYNC}`);
    expect(messages[0]?.content).toContain(`运行：${result.run.id}`);
    expect(messages[0]?.content).toContain(`失败记录：${result.ledger.failed} 条`);
    expect(messages[0]?.content).toContain(`[打开运行页面](https://qiao.example.com/runs/${result.run.id})`);
    // The alert run's kept exchange shows the call without the robot's token or signature.
    const steps = await h.runtime.store.steps.list(alert.id);
    expect(JSON.stringify(steps)).not.toContain(DINGTALK_ROBOT_SIM_DEFAULTS.accessToken);
  });
});
