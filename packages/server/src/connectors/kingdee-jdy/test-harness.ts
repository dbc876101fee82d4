import type { JsonObject } from '../../json.ts';
import type { Clock, ResolvedConnection } from '../kit/index.ts';
import { type GatewayHarness, mapConnections, startGatewayHarness } from '../kit/testing/gateway-harness.ts';
import { kingdeeJdyConnector } from './connector.ts';
import {
  DEFAULT_JDY_CREDENTIALS as CRED,
  createJdySimulator,
  type JdySimulator,
  type JdySimulatorOptions,
} from './simulator/create-jdy-simulator.ts';

/** A JDY simulator on 127.0.0.1:0 and a real gateway over the connector, for the connector's tests. */
export interface JdyHarness extends GatewayHarness<JdySimulator> {
  /** `jdy` (ids from the authorization), `jdy-configured`, `jdy-bad-secret`, `jdy-wrong-domain`, `jdy-bad-instance`. */
  connections: Map<string, ResolvedConnection>;
  /** How many times the simulator saw a route (`auth.token`, `acct.voucher.save`, …). */
  callsOf(route: string): number;
}

/** Connection settings for the simulator's demo tenant; `config`/`secrets` override parts. */
export function jdyConnection(
  baseUrl: string,
  config: JsonObject = {},
  secrets: Record<string, string> = {},
): ResolvedConnection {
  return {
    connectorId: kingdeeJdyConnector.id,
    config: { baseUrl, outerInstanceId: CRED.outerInstanceId, ...config },
    secrets: { clientId: CRED.clientId, clientSecret: CRED.clientSecret, ...secrets },
    // A high limit keeps the connector's default bucket out of tests that are not about it.
    rateLimit: { perSecond: 1000, burst: 1000 },
  };
}

/** Starts the simulator (fixed anchor period 2026-03) and builds the gateway with an in-memory resolver. */
export async function startJdyHarness(
  options: { sim?: JdySimulatorOptions; clock?: Clock } = {},
): Promise<JdyHarness> {
  const sim = createJdySimulator({ instances: 60, anchorPeriod: 202603, ...options.sim });
  const connections = new Map<string, ResolvedConnection>();
  const harness = await startGatewayHarness({
    sim,
    connector: kingdeeJdyConnector,
    connections: ({ url: base }) => {
      connections.set('jdy', jdyConnection(base));
      connections.set(
        'jdy-configured',
        jdyConnection(base, { sId: CRED.serviceId, dbId: CRED.accountId, domain: CRED.domain }),
      );
      connections.set(
        'jdy-bad-secret',
        jdyConnection(base, {}, { clientSecret: 'ffffffffffffffffffffffffffffffff' }),
      );
      connections.set('jdy-wrong-domain', jdyConnection(base, { domain: 'https://vip1-hz.jdy.com' }));
      connections.set('jdy-bad-instance', jdyConnection(base, { outerInstanceId: '1' }));
      return mapConnections(connections);
    },
    gateway: options.clock ? { clock: options.clock } : {},
  });
  return { ...harness, connections, callsOf: (route) => sim.calls.get(route) };
}

/** A balanced voucher of 2026-03 (差旅报销) with a unique linkId; overrides replace fields. */
export function voucher(linkId: string, amount = 1280.5, overrides: JsonObject = {}): JsonObject {
  return {
    linkId,
    groupName: '记',
    date: '2026-03-04',
    yearPeriod: 202603,
    entries: [
      { exp: '报销差旅费', acctNo: '6602.02', dc: 1, amount },
      { exp: '报销差旅费', acctNo: '1002', dc: -1, amount },
    ],
    ...overrides,
  };
}
