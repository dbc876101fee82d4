import type { JsonObject } from '../../json.ts';
import {
  type Clock,
  type ConnectionResolver,
  createConnectorGateway,
  createConnectorRegistry,
  type Exchange,
  type KitGateway,
  type ResolvedConnection,
} from '../kit/index.ts';
import type { RunningSimulator } from '../simulator-kit/index.ts';
import { k3cloudConnector } from './connector.ts';
import {
  DEFAULT_K3CLOUD_CREDENTIALS as CRED,
  createK3CloudSimulator,
  type K3CloudSimulator,
  type K3CloudSimulatorOptions,
} from './simulator/create-k3cloud-simulator.ts';

/** A K3Cloud simulator on 127.0.0.1:0 and a real gateway over the connector, for the connector's tests. */
export interface K3Harness {
  sim: K3CloudSimulator;
  server: RunningSimulator;
  gateway: KitGateway;
  /** Connections by id: `k3` (session), `k3-signed`, `k3-bad-password`, `k3-bad-secret`; tests may add more. */
  connections: Map<string, ResolvedConnection>;
  /** Every exchange the gateway reported (observer passed to each call by the tests). */
  exchanges: Exchange[];
  observe: (exchange: Exchange) => void;
  close(): Promise<void>;
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
  const sim = createK3CloudSimulator({ instances: 20, ...options.sim });
  const server = await sim.start();
  const base = `${server.url}/K3Cloud/`;
  const connections = new Map<string, ResolvedConnection>([
    ['k3', k3Connection(base, 'session')],
    ['k3-signed', k3Connection(base, 'signed')],
    ['k3-bad-password', k3Connection(base, 'session', { password: 'wrong' })],
    ['k3-bad-secret', k3Connection(base, 'signed', { appSecret: 'ffffffffffffffffffffffffffffffff' })],
  ]);
  const resolver: ConnectionResolver = { resolve: async (id) => connections.get(id) };
  const gateway = createConnectorGateway({
    connectors: createConnectorRegistry([k3cloudConnector]),
    connections: resolver,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  const exchanges: Exchange[] = [];
  return {
    sim,
    server,
    gateway,
    connections,
    exchanges,
    observe: (exchange) => exchanges.push(exchange),
    close: async () => {
      gateway.close();
      await server.close();
    },
  };
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
