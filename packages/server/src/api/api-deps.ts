import type { Runtime } from '../runtime/create-runtime.ts';
import type { FormTriggers } from '../triggers/form-events.ts';
import type { WebhookRequest, WebhookResponse } from '../triggers/webhook.ts';

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
}

/** What every route group gets: the runtime and the pieces built over it once. */
export interface ApiDeps {
  runtime: Runtime;
  now: () => number;
  apiToken: string | undefined;
  tokenTtlMs: number;
  formTriggers: FormTriggers;
  webhook: (request: WebhookRequest) => Promise<WebhookResponse>;
}
