import type { JsonObject } from '../../../json.ts';
import type { RunningSimulator } from '../../simulator-kit/index.ts';
import type { ConnectorDeclaration } from '../connector-declaration.ts';
import type { GatewayOptions } from '../create-gateway.ts';
import {
  type GatewayHarness,
  type StartableSimulator,
  singleConnection,
  startGatewayHarness,
} from './gateway-harness.ts';

const DAY_MS = 86_400_000;

/** A rate limiter that never waits (tests that are not about rate limits). */
export const noRateLimit = { acquire: async () => {} };

/** What a test may change in a single-connection harness. */
export interface SingleConnectionOptions<SimOptions> {
  simulator?: SimOptions;
  config?: JsonObject;
  secrets?: Record<string, string>;
  gateway?: Partial<GatewayOptions>;
  connector?: ConnectorDeclaration;
}

/** A harness with one connection and a listing window over the simulator's seeded instances. */
export interface SingleConnectionHarness<S extends StartableSimulator> extends GatewayHarness<S> {
  /** A listing window covering every seeded instance (epoch ms). */
  window: { start_time: number; end_time: number };
}

/** What a connector supplies: its simulator (seeded around `anchorTime`), default declaration, config and secrets. */
export interface SingleConnectionSetup<S extends StartableSimulator> {
  connectionId: string;
  sim: S;
  anchorTime: number;
  connector: ConnectorDeclaration;
  /** The connection's config without overrides; `baseUrl` is added from the running simulator. */
  config: JsonObject;
  secrets: Record<string, string>;
}

/**
 * Starts the simulator and a gateway whose one connection points at it; the test's config, secrets,
 * gateway options and declaration override the connector's defaults, and the gateway does not rate limit
 * unless the test passes a `rateLimiter`.
 */
export async function startSingleConnectionHarness<S extends StartableSimulator, SimOptions>(
  setup: SingleConnectionSetup<S>,
  options: SingleConnectionOptions<SimOptions>,
): Promise<SingleConnectionHarness<S>> {
  const connector = options.connector ?? setup.connector;
  const secrets = { ...setup.secrets, ...options.secrets };
  const connection = (server: RunningSimulator) => ({
    connectorId: connector.id,
    config: { baseUrl: server.url, ...setup.config, ...options.config },
    secrets,
  });
  const harness = await startGatewayHarness({
    sim: setup.sim,
    connector,
    connections: (server) => singleConnection(setup.connectionId, connection(server)),
    gateway: { rateLimiter: noRateLimit, ...options.gateway },
  });
  const window = { start_time: setup.anchorTime - 100 * DAY_MS, end_time: setup.anchorTime + 1000 };
  return { ...harness, window };
}
