import {
  createDingtalkSimulator,
  type DingtalkSimulator,
  type DingtalkSimulatorOptions,
} from '../connectors/dingtalk/simulator/create-dingtalk-simulator.ts';
import { DINGTALK_SIM_DEFAULTS } from '../connectors/dingtalk/simulator/defaults.ts';
import { DINGTALK_ROBOT_SIM_DEFAULTS } from '../connectors/dingtalk/simulator/robot.ts';
import {
  createJdySimulator,
  DEFAULT_JDY_CREDENTIALS,
  type JdySimulator,
} from '../connectors/kingdee-jdy/simulator/create-jdy-simulator.ts';
import {
  createK3CloudSimulator,
  DEFAULT_K3CLOUD_CREDENTIALS,
  type K3CloudSimulator,
  type K3CloudSimulatorOptions,
} from '../connectors/kingdee-k3cloud/simulator/create-k3cloud-simulator.ts';
import type { RunningSimulator } from '../connectors/simulator-kit/index.ts';

/** The three simulated systems of the demo, started on free ports of 127.0.0.1. */
export interface DemoSystems {
  dingtalk: { sim: DingtalkSimulator; server: RunningSimulator };
  k3cloud: { sim: K3CloudSimulator; server: RunningSimulator };
  jdy: { sim: JdySimulator; server: RunningSimulator };
  /** The `${env:…}` values the example connections read: the simulators' demo credentials. */
  env: Record<string, string>;
  /** Base URLs (and JDY ids) the example connections are pointed at. */
  urls: { dingtalk: string; k3cloud: string; jdy: string };
  close(): Promise<void>;
}

/** Options of the demo systems (seeded; rate limits lifted unless `realisticLimits`). */
export interface DemoSystemsOptions {
  seed?: number;
  instances?: number;
  dingtalk?: DingtalkSimulatorOptions;
  k3cloud?: K3CloudSimulatorOptions;
  realisticLimits?: boolean;
}

/** Starts the DingTalk, K3Cloud and JDY simulators with seeded data. */
export async function startDemoSystems(options: DemoSystemsOptions = {}): Promise<DemoSystems> {
  const seed = options.seed ?? 1;
  const lift = !options.realisticLimits;
  const dingSim = createDingtalkSimulator({
    seed,
    instances: options.instances ?? 300,
    ...(lift ? { qpsLimit: 0 } : {}),
    ...options.dingtalk,
  });
  const k3Sim = createK3CloudSimulator({ seed, ...(lift ? { callsPerSecond: 0 } : {}), ...options.k3cloud });
  const jdySim = createJdySimulator({ seed, ...(lift ? { tokenCallsPerMinute: 0, callsPerMinute: 0 } : {}) });
  const [ding, k3, jdy] = await Promise.all([dingSim.start(), k3Sim.start(), jdySim.start()]);
  return {
    dingtalk: { sim: dingSim, server: ding },
    k3cloud: { sim: k3Sim, server: k3 },
    jdy: { sim: jdySim, server: jdy },
    env: DEMO_ENV,
    urls: { dingtalk: ding.url, k3cloud: `${k3.url}/K3Cloud/`, jdy: jdy.url },
    async close() {
      dingSim.generator.stop();
      await Promise.all([ding.close(), k3.close(), jdy.close()]);
    },
  };
}

/** The environment variables the example connection files name, set to the simulators' demo credentials. */
export const DEMO_ENV: Record<string, string> = {
  QIAO_DINGTALK_APP_KEY: DINGTALK_SIM_DEFAULTS.appKey,
  QIAO_DINGTALK_APP_SECRET: DINGTALK_SIM_DEFAULTS.appSecret,
  QIAO_DINGTALK_CALLBACK_TOKEN: DINGTALK_SIM_DEFAULTS.callbackToken,
  QIAO_DINGTALK_CALLBACK_AES_KEY: DINGTALK_SIM_DEFAULTS.callbackAesKey,
  QIAO_DINGTALK_ROBOT_TOKEN: DINGTALK_ROBOT_SIM_DEFAULTS.accessToken,
  QIAO_DINGTALK_ROBOT_SECRET: DINGTALK_ROBOT_SIM_DEFAULTS.secret,
  QIAO_K3_PASSWORD: DEFAULT_K3CLOUD_CREDENTIALS.password,
  QIAO_JDY_CLIENT_ID: DEFAULT_JDY_CREDENTIALS.clientId,
  QIAO_JDY_CLIENT_SECRET: DEFAULT_JDY_CREDENTIALS.clientSecret,
};
