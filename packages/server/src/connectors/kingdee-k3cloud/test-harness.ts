import type { JsonObject } from '../../json.ts';
import type { Clock, ResolvedConnection } from '../kit/index.ts';
import { type GatewayHarness, mapConnections, startGatewayHarness } from '../kit/testing/gateway-harness.ts';
import { k3cloudConnector } from './connector.ts';
import {
  DEFAULT_K3CLOUD_CREDENTIALS as CRED,
  createK3CloudSimulator,
  type K3CloudSimulator,
  type K3CloudSimulatorOptions,
} from './simulator/create-k3cloud-simulator.ts';

/** A K3Cloud simulator on 127.0.0.1:0 and a real gateway over the connector, for the connector's tests. */
export interface K3Harness extends GatewayHarness<K3CloudSimulator> {
  /** Connections by id: `k3` (session), `k3-signed`, `k3-bad-password`, `k3-bad-secret`; tests may add more. */
  connections: Map<string, ResolvedConnection>;
}

/** Connection settings for the simulator's demo data centre. */
export function k3Connection(
  baseUrl: string,
  mode: 'session' | 'signed',
  secrets: Record<string, string> = {},
): ResolvedConnection {
  const config: JsonObject = {
    baseUrl,
    acctId: CRED.acctId,
    username: CRED.username,
    lcid: 2052,
    authMode: mode,
  };
  const defaults: Record<string, string> =
    mode === 'session' ? { password: CRED.password } : { appId: CRED.appId, appSecret: CRED.appSecret };
  // A high limit keeps the connector's default bucket out of tests that are not about rate limits.
  return {
    connectorId: k3cloudConnector.id,
    config,
    secrets: { ...defaults, ...secrets },
    rateLimit: { perSecond: 1000, burst: 1000 },
  };
}

/** Starts the simulator and builds the gateway with an in-memory ConnectionResolver. */
export async function startK3Harness(
  options: { sim?: K3CloudSimulatorOptions; clock?: Clock } = {},
): Promise<K3Harness> {
  const connections = new Map<string, ResolvedConnection>();
  const harness = await startGatewayHarness({
    sim: createK3CloudSimulator({ instances: 20, ...options.sim }),
    connector: k3cloudConnector,
    connections: (server) => {
      const base = `${server.url}/K3Cloud/`;
      connections.set('k3', k3Connection(base, 'session'));
      connections.set('k3-signed', k3Connection(base, 'signed'));
      connections.set('k3-bad-password', k3Connection(base, 'session', { password: 'wrong' }));
      connections.set(
        'k3-bad-secret',
        k3Connection(base, 'signed', { appSecret: 'ffffffffffffffffffffffffffffffff' }),
      );
      return mapConnections(connections);
    },
    gateway: options.clock ? { clock: options.clock } : {},
  });
  return { ...harness, connections };
}

/** Resets the simulator and logs in again (reset also drops the sessions), then clears calls and exchanges. */
export async function resetWithLiveSession(h: K3Harness): Promise<void> {
  h.sim.reset();
  await h.gateway.call({
    connection: 'k3',
    operation: 'executeBillQuery',
    input: { FieldKeys: 'FID', Limit: 1 },
  });
  h.sim.calls.reset();
  h.exchanges.length = 0;
}

/** A valid employee-reimbursement payment bill (AP_PAYBILL, wire transfer) with optional overrides. */
export function payBill(overrides: JsonObject = {}, entry: JsonObject = {}): JsonObject {
  return {
    FID: 0,
    FBillTypeID: { FNumber: 'FKDLX02_SYS' },
    FDATE: '2026-03-04',
    FCONTACTUNITTYPE: 'BD_Empinfo',
    FCONTACTUNIT: { FNumber: 'E0002' },
    FPAYORGID: { FNumber: '100' },
    FSETTLEORGID: { FNumber: '100' },
    FCURRENCYID: { FNumber: 'PRE001' },
    FREMARK: 'DingTalk 202603041015000123',
    FPAYBILLENTRY: [
      {
        FSETTLETYPEID: { FNumber: 'JSFS04_SYS' },
        FPURPOSEID: { FNumber: 'SFKYT08_SYS' },
        FPAYTOTALAMOUNTFOR: 1200.5,
        FACCOUNTID: { FNumber: '6222000000000000' },
        FCOSTID: { FNumber: 'FYXM01' },
        FCOMMENT: '差旅报销',
        ...entry,
      },
    ],
    ...overrides,
  };
}
