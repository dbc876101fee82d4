import type { RunningSimulator } from '../../simulator-kit/index.ts';
import { type ConnectorDeclaration, createConnectorRegistry } from '../connector-declaration.ts';
import {
  type ConnectionResolver,
  createConnectorGateway,
  type GatewayOptions,
  type KitGateway,
  type ResolvedConnection,
} from '../create-gateway.ts';
import type { Exchange } from '../gateway.ts';

/** A simulator that can be started on 127.0.0.1:0. */
export interface StartableSimulator {
  start(): Promise<RunningSimulator>;
}

/** A started simulator and a real gateway over one connector whose connections point at it (tests only). */
export interface GatewayHarness<S extends StartableSimulator> {
  sim: S;
  server: RunningSimulator;
  gateway: KitGateway;
  /** Every exchange the gateway reported through `observe`. */
  exchanges: Exchange[];
  observe: (exchange: Exchange) => void;
  close(): Promise<void>;
}

/** What a connector's harness supplies: its simulator, its declaration and its connections. */
export interface GatewayHarnessOptions<S extends StartableSimulator> {
  sim: S;
  connector: ConnectorDeclaration;
  /** The in-memory ConnectionResolver, built once the simulator listens. */
  connections: (server: RunningSimulator) => ConnectionResolver;
  /** Further gateway options (clock, rate limiter, …). */
  gateway?: Partial<GatewayOptions>;
}

/** Starts the simulator and builds a real gateway over the connector with an in-memory ConnectionResolver. */
export async function startGatewayHarness<S extends StartableSimulator>(
  options: GatewayHarnessOptions<S>,
): Promise<GatewayHarness<S>> {
  const { sim, connector } = options;
  const server = await sim.start();
  const gateway = createConnectorGateway({
    connectors: createConnectorRegistry([connector]),
    connections: options.connections(server),
    ...options.gateway,
  });
  const exchanges: Exchange[] = [];
  return {
    sim,
    server,
    gateway,
    exchanges,
    observe: (exchange) => exchanges.push(exchange),
    close: async () => {
      gateway.close();
      await server.close();
    },
  };
}

/** A resolver that knows one connection id (the harnesses of single-connection connectors). */
export function singleConnection(id: string, connection: ResolvedConnection): ConnectionResolver {
  return { resolve: async (asked) => (asked === id ? connection : undefined) };
}

/** A resolver over a map that tests may add to while the gateway runs. */
export function mapConnections(connections: Map<string, ResolvedConnection>): ConnectionResolver {
  return { resolve: async (id) => connections.get(id) };
}
