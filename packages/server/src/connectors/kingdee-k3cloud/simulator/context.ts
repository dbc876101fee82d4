import type { Context } from 'hono';
import type { JsonValue } from '../../../json.ts';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import type { BaseDataTable } from './base-data.ts';
import type { PayBillStore } from './pay-bill-store.ts';
import type { SessionRegistry } from './sessions.ts';

/** Login data of the simulated data centre (both auth modes). */
export interface K3CloudCredentials {
  /** 数据中心 ID (acctID). */
  acctId: string;
  username: string;
  password: string;
  lcid: number;
  /** Third-party authorisation AppID, `<clientId>_<32-char base64>`. */
  appId: string;
  appSecret: string;
}

/** The documented demo credentials (printed by `describeK3CloudSimulator`). */
export const DEFAULT_K3CLOUD_CREDENTIALS: K3CloudCredentials = {
  acctId: '66a1f0c2d3e4b5',
  username: 'demo',
  password: 'Qiao@2026',
  lcid: 2052,
  appId: '288016_UWlhb0RlbW9BcHBJZFNlY3JldDI0Qi4u',
  appSecret: 'a1b2c3d4e5f60718293a4b5c6d7e8f90',
};

/** Options after defaults. */
export interface ResolvedK3CloudOptions {
  credentials: K3CloudCredentials;
  seed: number;
  /** Pre-existing AP_PAYBILL bills (generated lazily). */
  instances: number;
  sessionIdleMs: number;
  signatureWindowMs: number;
  /** Calls per second before MsgCode 14; 0 or Infinity = unlimited. */
  callsPerSecond: number;
  /** Most packages in one BatchSave (MsgCode 8 above). */
  batchSizeMax: number;
  /** Largest ExecuteBillQuery Limit honoured (larger values are capped). */
  queryLimitMax: number;
  now: () => number;
}

/** Everything an operation handler may use. */
export interface K3Context {
  readonly options: ResolvedK3CloudOptions;
  readonly baseData: ReadonlyMap<string, BaseDataTable>;
  bills: PayBillStore;
  sessions: SessionRegistry;
}

/** One call of a `…common.kdsvc` operation. */
export interface OperationCall {
  c: Context<SimulatorEnv>;
  body: unknown;
  ctx: K3Context;
}

/** An operation handler: returns the JSON body (always sent with HTTP 200) or a full Response. */
export type OperationHandler = (call: OperationCall) => JsonValue | Response;
