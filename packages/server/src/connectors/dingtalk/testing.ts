import type { JsonObject } from '../../json.ts';
import { type ConnectorDeclaration, createConnectorRegistry } from '../kit/connector-declaration.ts';
import { createConnectorGateway, type GatewayOptions, type KitGateway } from '../kit/create-gateway.ts';
import type { Exchange } from '../kit/gateway.ts';
import type { RunningSimulator } from '../simulator-kit/index.ts';
import { dingtalkConnector } from './connector.ts';
import {
  createDingtalkSimulator,
  type DingtalkSimulator,
  type DingtalkSimulatorOptions,
} from './simulator/create-dingtalk-simulator.ts';
import { DINGTALK_SIM_DEFAULTS } from './simulator/defaults.ts';
import { DINGTALK_SEED_EMPLOYEES } from './simulator/seed-employees.ts';

/** The connection id the harness resolves. */
export const CONNECTION = 'dingtalk-sim';
const DAY_MS = 86_400_000;

/** A rate limiter that never waits (tests that are not about rate limits). */
export const noRateLimit = { acquire: async () => {} };

/** A DingTalk simulator on 127.0.0.1:0 and a real gateway whose one connection points at it (for tests). */
export interface DingtalkGatewayHarness {
  sim: DingtalkSimulator;
  server: RunningSimulator;
  gateway: KitGateway;
  /** Every exchange the gateway reported through `observe`. */
  exchanges: Exchange[];
  observe: (exchange: Exchange) => void;
  /** A listing window covering every seeded instance (epoch ms). */
  window: { start_time: number; end_time: number };
  /** A seeded employee usable as commenter. */
  commenter: string;
  close(): Promise<void>;
}

/**
 * Starts the simulator and a gateway with an in-memory connection resolver. Rate limits are off on both
 * sides unless a test sets `simulator.qpsLimit` and `gateway.rateLimiter` (or `gateway: {rateLimiter: undefined}`).
 */
export async function startDingtalkGateway(
  options: {
    simulator?: DingtalkSimulatorOptions;
    config?: JsonObject;
    secrets?: Record<string, string>;
    gateway?: Partial<GatewayOptions>;
    connector?: ConnectorDeclaration;
  } = {},
): Promise<DingtalkGatewayHarness> {
  const anchorTime = Date.now();
  const sim = createDingtalkSimulator({ instances: 45, anchorTime, qpsLimit: 0, ...options.simulator });
  const server = await sim.start();
  const commenter = DINGTALK_SEED_EMPLOYEES[0]?.userid ?? '';
  const config: JsonObject = {
    baseUrl: server.url,
    processCode: sim.options.processCode,
    commentUserId: commenter,
    ...options.config,
  };
  const secrets = {
    appKey: sim.options.appKey,
    appSecret: sim.options.appSecret,
    callbackToken: DINGTALK_SIM_DEFAULTS.callbackToken,
    callbackAesKey: DINGTALK_SIM_DEFAULTS.callbackAesKey,
    ...options.secrets,
  };
  const connector = options.connector ?? dingtalkConnector;
  const gateway = createConnectorGateway({
    connectors: createConnectorRegistry([connector]),
    connections: {
      resolve: async (id) => (id === CONNECTION ? { connectorId: connector.id, config, secrets } : undefined),
    },
    rateLimiter: noRateLimit,
    ...options.gateway,
  });
  const exchanges: Exchange[] = [];
  return {
    sim,
    server,
    gateway,
    exchanges,
    observe: (exchange) => exchanges.push(exchange),
    window: { start_time: anchorTime - 100 * DAY_MS, end_time: anchorTime + 1000 },
    commenter,
    close: async () => {
      gateway.close();
      await server.close();
    },
  };
}
