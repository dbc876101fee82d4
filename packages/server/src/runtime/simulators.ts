import { createDingtalkSimulator } from '../connectors/dingtalk/simulator/create-dingtalk-simulator.ts';
import { describeDingtalkSimulator } from '../connectors/dingtalk/simulator/describe-dingtalk-simulator.ts';
import { createFeishuSimulator } from '../connectors/feishu/simulator/create-feishu-simulator.ts';
import { describeFeishuSimulator } from '../connectors/feishu/simulator/describe-feishu-simulator.ts';
import {
  createJdySimulator,
  describeJdySimulator,
} from '../connectors/kingdee-jdy/simulator/create-jdy-simulator.ts';
import {
  createK3CloudSimulator,
  describeK3CloudSimulator,
} from '../connectors/kingdee-k3cloud/simulator/create-k3cloud-simulator.ts';
import type { FaultSpec, RunningSimulator } from '../connectors/simulator-kit/index.ts';

/** Common options of every simulator, as the CLI and the demo give them. */
export interface SimulatorLaunchOptions {
  seed?: number | undefined;
  instances?: number | undefined;
  faults?: FaultSpec | undefined;
  liftRateLimits?: boolean | undefined;
}

/** A simulator as the CLI and the demo drive it. */
export interface LaunchableSimulator {
  start(options: { port?: number; host?: string }): Promise<RunningSimulator>;
  describe(url: string): string[];
}

/** The simulators that ship with Qiao, by the name `qiao simulate` takes. */
export const SIMULATORS = {
  dingtalk: {
    create(options: SimulatorLaunchOptions): LaunchableSimulator {
      const sim = createDingtalkSimulator({
        ...defined({ seed: options.seed, instances: options.instances, faults: options.faults }),
        ...(options.liftRateLimits ? { qpsLimit: 0 } : {}),
      });
      return { start: (o) => sim.start(o), describe: (url) => describeDingtalkSimulator(sim, url) };
    },
  },
  k3cloud: {
    create(options: SimulatorLaunchOptions): LaunchableSimulator {
      const sim = createK3CloudSimulator({
        ...defined({ seed: options.seed, instances: options.instances, faults: options.faults }),
        ...(options.liftRateLimits ? { callsPerSecond: 0 } : {}),
      });
      return { start: (o) => sim.start(o), describe: (url) => describeK3CloudSimulator(sim, url) };
    },
  },
  jdy: {
    create(options: SimulatorLaunchOptions): LaunchableSimulator {
      const sim = createJdySimulator({
        ...defined({ seed: options.seed, instances: options.instances, faults: options.faults }),
        ...(options.liftRateLimits ? { tokenCallsPerMinute: 0, callsPerMinute: 0 } : {}),
      });
      return { start: (o) => sim.start(o), describe: (url) => describeJdySimulator(sim, url) };
    },
  },
  feishu: {
    create(options: SimulatorLaunchOptions): LaunchableSimulator {
      const sim = createFeishuSimulator({
        ...defined({ seed: options.seed, instances: options.instances, faults: options.faults }),
        ...(options.liftRateLimits ? { perSecond: 0, perMinute: 0 } : {}),
      });
      return { start: (o) => sim.start(o), describe: (url) => describeFeishuSimulator(sim, url) };
    },
  },
} satisfies Record<string, { create(options: SimulatorLaunchOptions): LaunchableSimulator }>;

/** A simulator name `qiao simulate` accepts. */
export type SimulatorName = keyof typeof SIMULATORS;

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>;
}
