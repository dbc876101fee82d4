import {
  type SingleConnectionHarness,
  type SingleConnectionOptions,
  startSingleConnectionHarness,
} from '../kit/testing/single-connection-harness.ts';
import { feishuConnector } from './connector.ts';
import {
  createFeishuSimulator,
  type FeishuSimulator,
  type FeishuSimulatorOptions,
} from './simulator/create-feishu-simulator.ts';
import { FEISHU_SIM_DEFAULTS } from './simulator/defaults.ts';

export { noRateLimit } from '../kit/testing/single-connection-harness.ts';

/** The connection id the harness resolves. */
export const CONNECTION = 'feishu-sim';

/** A Feishu simulator on 127.0.0.1:0 and a real gateway whose one connection points at it (tests only). */
export type FeishuGatewayHarness = SingleConnectionHarness<FeishuSimulator>;

/** Starts the simulator (rate limits off unless set) and a gateway with an in-memory connection resolver. */
export async function startFeishuGateway(
  options: SingleConnectionOptions<FeishuSimulatorOptions> = {},
): Promise<FeishuGatewayHarness> {
  const anchorTime = Date.now();
  const sim = createFeishuSimulator({
    instances: 45,
    anchorTime,
    perSecond: 0,
    perMinute: 0,
    ...options.simulator,
  });
  return startSingleConnectionHarness(
    {
      connectionId: CONNECTION,
      sim,
      anchorTime,
      connector: feishuConnector,
      config: { approvalCode: sim.options.approvalCode, commentUserId: 'E0001' },
      secrets: {
        appId: sim.options.appId,
        appSecret: sim.options.appSecret,
        verificationToken: FEISHU_SIM_DEFAULTS.verificationToken,
        encryptKey: FEISHU_SIM_DEFAULTS.encryptKey,
      },
    },
    options,
  );
}
