import {
  type SingleConnectionHarness,
  type SingleConnectionOptions,
  startSingleConnectionHarness,
} from '../kit/testing/single-connection-harness.ts';
import { dingtalkConnector } from './connector.ts';
import {
  createDingtalkSimulator,
  type DingtalkSimulator,
  type DingtalkSimulatorOptions,
} from './simulator/create-dingtalk-simulator.ts';
import { DINGTALK_SIM_DEFAULTS } from './simulator/defaults.ts';
import { DINGTALK_SEED_EMPLOYEES } from './simulator/seed-employees.ts';

export { noRateLimit } from '../kit/testing/single-connection-harness.ts';

/** The connection id the harness resolves. */
export const CONNECTION = 'dingtalk-sim';

/** A DingTalk simulator on 127.0.0.1:0 and a real gateway whose one connection points at it (for tests). */
export interface DingtalkGatewayHarness extends SingleConnectionHarness<DingtalkSimulator> {
  /** A seeded employee usable as commenter. */
  commenter: string;
}

/**
 * Starts the simulator and a gateway with an in-memory connection resolver. Rate limits are off on both
 * sides unless a test sets `simulator.qpsLimit` and `gateway.rateLimiter` (or `gateway: {rateLimiter: undefined}`).
 */
export async function startDingtalkGateway(
  options: SingleConnectionOptions<DingtalkSimulatorOptions> = {},
): Promise<DingtalkGatewayHarness> {
  const anchorTime = Date.now();
  const sim = createDingtalkSimulator({ instances: 45, anchorTime, qpsLimit: 0, ...options.simulator });
  const commenter = DINGTALK_SEED_EMPLOYEES[0]?.userid ?? '';
  const harness = await startSingleConnectionHarness(
    {
      connectionId: CONNECTION,
      sim,
      anchorTime,
      connector: dingtalkConnector,
      config: { processCode: sim.options.processCode, commentUserId: commenter },
      secrets: {
        appKey: sim.options.appKey,
        appSecret: sim.options.appSecret,
        callbackToken: DINGTALK_SIM_DEFAULTS.callbackToken,
        callbackAesKey: DINGTALK_SIM_DEFAULTS.callbackAesKey,
      },
    },
    options,
  );
  return { ...harness, commenter };
}
