import type { Context } from 'hono';
import type { SimulatorEnv } from '../../simulator-kit/index.ts';
import type { ChartOfAccounts } from './accounts.ts';
import type { AuthState } from './auth-state.ts';
import type { JdyCredentials } from './credentials.ts';
import type { VoucherStore } from './voucher-store.ts';

export { DEFAULT_JDY_CREDENTIALS, type JdyCredentials } from './credentials.ts';

/** Options after defaults. */
export interface ResolvedJdyOptions {
  credentials: JdyCredentials;
  seed: number;
  /** Pre-existing (seeded) vouchers, generated on demand. */
  instances: number;
  /** Last period (yyyyMM) of the seeded vouchers; they span the 12 periods up to it. */
  anchorPeriod: number;
  tokenTtlMs: number;
  signatureWindowMs: number;
  /** Token exchanges per minute per appKey; 0 or Infinity = unlimited. */
  tokenCallsPerMinute: number;
  /** Business calls per minute per account book; 0 or Infinity = unlimited. */
  callsPerMinute: number;
  /** Family-A calls must carry a valid gateway signature. */
  strictSignature: boolean;
  /** Most vouchers per family-A save (46004 above). */
  batchSizeMax: number;
  /** Largest v2 `page_size` honoured (larger ones are silently capped). */
  pageSizeCap: number;
  now: () => number;
}

/** Everything a route handler may use. */
export interface JdyContext {
  readonly options: ResolvedJdyOptions;
  readonly accounts: ChartOfAccounts;
  auth: AuthState;
  vouchers: VoucherStore;
}

/** Hono context of a simulator route. */
export type JdyHonoContext = Context<SimulatorEnv>;
