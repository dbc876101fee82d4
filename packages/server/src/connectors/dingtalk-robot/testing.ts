import {
  createDingtalkSimulator,
  type DingtalkSimulator,
  type DingtalkSimulatorOptions,
} from '../dingtalk/simulator/create-dingtalk-simulator.ts';
import { DINGTALK_ROBOT_SIM_DEFAULTS } from '../dingtalk/simulator/robot.ts';
import {
  type SingleConnectionHarness,
  type SingleConnectionOptions,
  startSingleConnectionHarness,
} from '../kit/testing/single-connection-harness.ts';
import { dingtalkRobotConnector } from './connector.ts';

export { noRateLimit } from '../kit/testing/single-connection-harness.ts';

/** The connection id the harness resolves. */
export const ROBOT_CONNECTION = 'dingtalk-robot-sim';

/**
 * Starts the DingTalk simulator (which serves `POST /robot/send`) and a real gateway whose one
 * connection is the simulator's demo robot (tests only). The gateway does not rate limit unless a test
 * passes `gateway.rateLimiter`; the simulator keeps the robot's 20 messages per minute.
 */
export async function startRobotGateway(
  options: SingleConnectionOptions<DingtalkSimulatorOptions> = {},
): Promise<SingleConnectionHarness<DingtalkSimulator>> {
  const anchorTime = Date.now();
  const sim = createDingtalkSimulator({ instances: 1, anchorTime, ...options.simulator });
  return startSingleConnectionHarness(
    {
      connectionId: ROBOT_CONNECTION,
      sim,
      anchorTime,
      connector: dingtalkRobotConnector,
      config: {},
      secrets: {
        accessToken: DINGTALK_ROBOT_SIM_DEFAULTS.accessToken,
        signSecret: DINGTALK_ROBOT_SIM_DEFAULTS.secret,
      },
    },
    options,
  );
}
