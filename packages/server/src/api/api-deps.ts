import type { Context } from 'hono';
import type { Runtime } from '../runtime/create-runtime.ts';
import type { FormTriggers } from '../triggers/form-events.ts';
import type { WebhookRequest, WebhookResponse } from '../triggers/webhook.ts';
import type { LoginGuard, LoginGuardLimits } from './login-guard.ts';

/** Options of `createApi`. */
export interface ApiOptions {
  /** A static admin bearer token for the CLI and CI (default: env `QIAO_API_TOKEN`). */
  apiToken?: string | undefined;
  env?: Readonly<Record<string, string | undefined>>;
  /** Lifetime of login tokens (default 30 days). */
  tokenTtlMs?: number;
  now?: () => number;
  /** How long a webhook waits for a `respond` step (default 10 s). */
  webhookResponseTimeoutMs?: number;
  /** Failed sign-ins allowed before `POST /auth/login` answers 429 (default LOGIN_GUARD_DEFAULTS). */
  loginLimits?: LoginGuardLimits;
}

/** What every route group gets: the runtime and the pieces built over it once. */
export interface ApiDeps {
  runtime: Runtime;
  now: () => number;
  apiToken: string | undefined;
  tokenTtlMs: number;
  formTriggers: FormTriggers;
  webhook: (request: WebhookRequest) => Promise<WebhookResponse>;
  loginGuard: LoginGuard;
  /** The address a request came from (the proxy's `X-Forwarded-For` with `QIAO_TRUST_PROXY=1`). */
  clientAddress: (c: Context) => string;
}
