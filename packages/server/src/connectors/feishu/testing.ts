import type { JsonObject } from '../../json.ts';
import { type ConnectorDeclaration, createConnectorRegistry } from '../kit/connector-declaration.ts';
import { createConnectorGateway, type GatewayOptions, type KitGateway } from '../kit/create-gateway.ts';
import type { Exchange } from '../kit/gateway.ts';
import type { RunningSimulator } from '../simulator-kit/index.ts';
import { feishuConnector } from './connector.ts';
import {
  createFeishuSimulator,
  type FeishuSimulator,
  type FeishuSimulatorOptions,
} from './simulator/create-feishu-simulator.ts';
import { FEISHU_SIM_DEFAULTS } from './simulator/defaults.ts';

/** The connection id the harness resolves. */
export const CONNECTION = 'feishu-sim';

/** A rate limiter that never waits (tests that are not about rate limits). */
export const noRateLimit = { acquire: async () => {} };

/** A Feishu simulator on 127.0.0.1:0 and a real gateway whose one connection points at it (tests only). */
export interface FeishuGatewayHarness {
  sim: FeishuSimulator;
  server: RunningSimulator;
  gateway: KitGateway;
  exchanges: Exchange[];
  observe: (exchange: Exchange) => void;
  /** A listing window covering every seeded instance (epoch ms). */
  window: { start_time: number; end_time: number };
  close(): Promise<void>;
}

/** Starts the simulator (rate limits off unless set) and a gateway with an in-memory connection resolver. */
export async function startFeishuGateway(
  options: {
    simulator?: FeishuSimulatorOptions;
    config?: JsonObject;
    secrets?: Record<string, string>;
    gateway?: Partial<GatewayOptions>;
    connector?: ConnectorDeclaration;
  } = {},
): Promise<FeishuGatewayHarness> {
  const anchorTime = Date.now();
  const sim = createFeishuSimulator({
    instances: 45,
    anchorTime,
    perSecond: 0,
    perMinute: 0,
    ...options.simulator,
  });
  const server = await sim.start();
  const config: JsonObject = {
    baseUrl: server.url,
    approvalCode: sim.options.approvalCode,
    commentUserId: 'E0001',
    ...options.config,
  };
  const secrets = {
    appId: sim.options.appId,
    appSecret: sim.options.appSecret,
    verificationToken: FEISHU_SIM_DEFAULTS.verificationToken,
    encryptKey: FEISHU_SIM_DEFAULTS.encryptKey,
    ...options.secrets,
  };
  const connector = options.connector ?? feishuConnector;
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
    window: { start_time: anchorTime - 100 * 86_400_000, end_time: anchorTime + 1000 },
    close: async () => {
      gateway.close();
      await server.close();
    },
  };
}
